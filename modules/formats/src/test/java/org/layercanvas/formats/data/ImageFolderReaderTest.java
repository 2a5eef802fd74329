package org.layercanvas.formats.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layercanvas.engine.api.DataSource;
import org.layercanvas.engine.api.Dataset;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.data.DataSources;
import org.layercanvas.engine.spi.DataFormatException;

/** The images reader on the committed folders of make_images.py (checked against the CSV reader) and on folders written here. */
class ImageFolderReaderTest {
    /** The committed test data: lossless/ and jpeg/ folders and the CSVs of their expected values. */
    private static final Path DATA = resource("images");

    @TempDir
    Path dir;

    private static Dataset images(Path baseDir, Object... fields) throws IOException {
        Map<String, Object> all = new HashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            all.put((String) fields[i], fields[i + 1]);
        }
        return DataSources.load(new DataSource("images", all), baseDir);
    }

    private static Dataset expected(String csv) throws IOException {
        return DataSources.load(new DataSource("csv", Map.of("path", csv, "target", "label")), DATA);
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    @Test
    void losslessImagesGiveTheCsvValuesBitwise() throws IOException {
        Dataset rgb = images(DATA, "path", "lossless", "shape", List.of(3, 5, 6));
        Dataset csv = expected("lossless-rgb.csv");
        assertThat(rgb.count()).isEqualTo(8).isEqualTo(csv.count());
        assertThat(rgb.featureShape()).isEqualTo(Shape.of(3, 5, 6));
        assertThat(bits(rgb.features())).containsExactly(bits(csv.features()));
        assertThat(rgb.targets()).containsExactly(csv.targets());
        assertThat(rgb.targetShape()).isEqualTo(Shape.of(1));
        assertThat(rgb.classNames()).containsExactly("daisy", "tulip").isEqualTo(csv.classNames());

        // the first image (daisy/grey.png) is grey, so the default shape has one channel: luma of the colour images
        Dataset grey = images(DATA, "path", "lossless");
        assertThat(grey.featureShape()).isEqualTo(Shape.of(1, 5, 6));
        assertThat(bits(grey.features())).containsExactly(bits(expected("lossless-grey.csv").features()));
    }

    @Test
    void jpegsAgreeWithPilWithinTwo() throws IOException {
        Dataset jpeg = images(DATA, "path", "jpeg");
        Dataset pil = expected("jpeg-rgb.csv");
        assertThat(jpeg.featureShape()).isEqualTo(Shape.of(3, 5, 6)); // baseline.jpg is colour
        assertThat(jpeg.targets()).containsExactly(0, 0, 1, 1);
        for (int i = 0; i < pil.features().length; i++) {
            assertThat(jpeg.features()[i]).as("value %d (image %d)", i, i / 90).isCloseTo(pil.features()[i], within(2f));
        }
        Dataset grey = images(DATA, "path", "jpeg", "grayscale", true);
        assertThat(grey.featureShape()).isEqualTo(Shape.of(1, 5, 6));
    }

    @Test
    void imagesAreResizedToTheShape() throws IOException {
        Dataset enlarged = images(DATA, "path", "lossless", "shape", List.of(3, 12, 13));
        Dataset shrunk = images(DATA, "path", "lossless", "shape", List.of(1, 2, 3));
        assertThat(enlarged.featureShape()).isEqualTo(Shape.of(3, 12, 13));
        assertThat(shrunk.features()).hasSize(8 * 6);
        for (float v : enlarged.features()) {
            assertThat(v).isBetween(0f, 255f);
        }
        // one shrunk value is the mean of the 2.5 × 2 pixels it covers
        float[] grey = images(DATA, "path", "lossless").features();
        double mean = (grey[0] + grey[1] + grey[6] + grey[7] + grey[12] / 2 + grey[13] / 2) / 5;
        assertThat(shrunk.features()[0]).isCloseTo((float) mean, within(1e-3f));
    }

    @Test
    void areaAveragingWhereAnAxisShrinksBilinearWhereItGrows() {
        // 4 × 4 of uniform 2 × 2 blocks shrinks to the blocks
        float[] blocks = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
        assertThat(Resampling.resize(blocks, 1, 4, 4, 2, 2)).containsExactly(1, 2, 3, 4);
        // a row 0, 255 grows to 4: pixel centres at -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        assertThat(Resampling.resize(new float[] {0, 255}, 1, 1, 2, 1, 4)).containsExactly(0, 63.75f, 191.25f, 255);
        // a 3 → 2 shrink: each output covers 1.5 pixels
        assertThat(Resampling.resize(new float[] {0, 3, 6}, 1, 1, 3, 1, 2)).containsExactly(1, 5);
        float[] same = {1, 2};
        assertThat(Resampling.resize(same, 1, 1, 2, 1, 2)).isSameAs(same);
    }

    /** A folder of {@code perClass} grey images per class, each 4 × 4 of one value: its class · 100 + its number. */
    private Path numberedFolder(String name, int... perClass) throws IOException {
        Path folder = dir.resolve(name);
        for (int c = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++) {
                writeGrey(folder.resolve("class" + c).resolve(String.format("%03d.png", i)), 4, 4, c * 100 + i);
            }
        }
        return folder;
    }

    private static void writeGrey(Path file, int width, int height, int value) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, width, height, 0, filled(width * height, value));
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    private static Set<Float> firstValues(Dataset d) {
        Set<Float> values = new HashSet<>();
        for (int i = 0; i < d.count(); i++) {
            values.add(d.features()[i * d.featureShape().size()]);
        }
        return values;
    }

    @Test
    void splitHoldsOutTheSameFractionOfEachClassForEverySeed() throws IOException {
        numberedFolder("numbers", 10, 7);
        Map<String, Object> split = Map.of("test", 0.3, "seed", 7);
        Dataset train = images(dir, "path", "numbers", "split", split);
        Dataset test = images(dir, "path", "numbers", "split", split, "subset", "test");
        assertThat(test.count()).isEqualTo(3 + 2); // round(0.3 · 10), round(0.3 · 7)
        assertThat(train.count()).isEqualTo(17 - 5);
        Set<Float> trained = firstValues(train), tested = firstValues(test);
        assertThat(trained).doesNotContainAnyElementsOf(tested);
        assertThat(trained.size() + tested.size()).isEqualTo(17);
        for (int i = 0; i < test.count(); i++) {
            assertThat(test.targets()[i]).isEqualTo((float) Math.floor(test.features()[i * 16] / 100));
        }
        assertThat(test.classNames()).containsExactly("class0", "class1");
        assertThat(firstValues(images(dir, "path", "numbers", "split", split, "subset", "test"))).isEqualTo(tested);
        assertThat(firstValues(images(dir, "path", "numbers", "split", Map.of("test", 0.3, "seed", 8), "subset", "test"))).isNotEqualTo(tested);
        // the default subset is "train", the default seed 0
        assertThat(images(dir, "path", "numbers", "split", Map.of("test", 0.5)).count()).isEqualTo(5 + 3);

        // without a shape, train and test take the folder's first image's, whichever part it is in
        writeGrey(dir.resolve("numbers/class0/000.png"), 3, 2, 0);
        for (String subset : List.of("train", "test")) {
            assertThat(images(dir, "path", "numbers", "split", split, "subset", subset).featureShape()).isEqualTo(Shape.of(1, 2, 3));
        }
    }

    @Test
    void hiddenAndOtherFilesAreLeftOutAndExtensionsIgnoreCase() throws IOException {
        Path folder = numberedFolder("mixed", 2, 2);
        Files.writeString(folder.resolve("class0/README.txt"), "not an image");
        Files.writeString(folder.resolve("class0/.thumbnail.png"), "hidden");
        writeGrey(folder.resolve("class1/LOUD.PNG"), 4, 4, 9);
        writeGrey(folder.resolve(".cache/x.png"), 4, 4, 9);
        Files.writeString(folder.resolve("notes.txt"), "");
        Dataset d = images(dir, "path", "mixed");
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.classNames()).containsExactly("class0", "class1");
        assertThat(firstValues(d)).containsExactlyInAnyOrder(0f, 1f, 100f, 101f, 9f);
    }

    @Test
    void recognisesAFolderOfClassFoldersAndSaysWhatItHolds() throws IOException {
        ImageFolderReader reader = new ImageFolderReader();
        DataSource source = reader.recognise(DATA.resolve("jpeg")).orElseThrow();
        assertThat(source.type()).isEqualTo("images");
        assertThat(source.fields()).containsExactly(Map.entry("path", DATA.resolve("jpeg").toAbsolutePath().toString()),
                Map.entry("shape", List.of(3, 5, 6)));
        assertThat(DataSources.recognise(DATA.resolve("lossless")).orElseThrow().fields().get("shape")).isEqualTo(List.of(1, 5, 6));
        assertThat(reader.recognise(DATA.resolve("lossless-rgb.csv"))).isEmpty();
        assertThat(reader.recognise(DATA.resolve("lossless/daisy"))).isEmpty(); // images, but no class folders
        assertThat(reader.contents(DATA.resolve("jpeg"))).containsExactly("daisy 2 images", "tulip 2 images",
                "first image daisy/baseline.jpg: 6×5 RGB 8-bit");
        assertThat(reader.contents(DATA.resolve("lossless")).get(2)).isEqualTo("first image daisy/grey.png: 6×5 grey 8-bit");
        assertThat(reader.pathFields()).containsExactly("path");
    }

    @Test
    void badFoldersAreRefusedNamingTheFolder() throws IOException {
        assertThatThrownBy(() -> images(dir, "path", "absent")).isInstanceOf(NoSuchFileException.class).hasMessage(dir.resolve("absent").toString());
        Files.writeString(dir.resolve("file.png"), "");
        assertThatThrownBy(() -> images(dir, "path", "file.png")).isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("file.png") + ": is a file, not a folder of images with one subfolder per class");
        Path one = numberedFolder("one", 3);
        assertThatThrownBy(() -> images(dir, "path", "one")).isInstanceOf(DataFormatException.class)
                .hasMessage(one + ": has 1 class folder; a folder of images needs one subfolder per class, at least 2");
        Path empty = numberedFolder("empty", 2, 2);
        Files.createDirectories(empty.resolve("class2"));
        Files.writeString(empty.resolve("class2/labels.txt"), "");
        assertThatThrownBy(() -> images(dir, "path", "empty")).isInstanceOf(DataFormatException.class)
                .hasMessage(empty.resolve("class2") + ": class 'class2' has no images (.png, .jpg, .jpeg, .gif or .bmp)");
        Path webp = numberedFolder("webp", 2, 2);
        Files.write(webp.resolve("class1/photo.WebP"), new byte[] {'R', 'I', 'F', 'F'});
        String webpMessage = webp.resolve("class1/photo.WebP") + ": WebP has no Java decoder here: convert it to PNG";
        assertThatThrownBy(() -> images(dir, "path", "webp")).isInstanceOf(DataFormatException.class).hasMessage(webpMessage);
        assertThatThrownBy(() -> new ImageFolderReader().recognise(webp)).hasMessage(webpMessage);
    }

    /** A copy of the lossless folder with {@code bytes} as the file {@code name} of class tulip. */
    private Path withBadImage(String name, byte[] bytes) throws IOException {
        Path folder = dir.resolve("bad-" + name);
        for (String c : List.of("daisy", "tulip")) {
            Files.createDirectories(folder.resolve(c));
            try (var files = Files.list(DATA.resolve("lossless").resolve(c))) {
                for (Path f : files.toList()) {
                    Files.copy(f, folder.resolve(c).resolve(f.getFileName().toString()));
                }
            }
        }
        Path bad = folder.resolve("tulip").resolve(name);
        Files.write(bad, bytes);
        return bad;
    }

    @Test
    void badImagesAreRefusedNamingTheImage() throws IOException {
        byte[] png = Files.readAllBytes(DATA.resolve("lossless/daisy/rgb.png"));
        Path truncated = withBadImage("truncated.png", Arrays.copyOf(png, png.length - 40));
        assertThatThrownBy(() -> images(dir, "path", truncated.getParent().getParent().toString())).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(truncated + ": cannot decode the image (");
        Path text = withBadImage("notes.jpg", "these are my notes\n".getBytes());
        assertThatThrownBy(() -> images(dir, "path", text.getParent().getParent().toString())).isInstanceOf(DataFormatException.class)
                .hasMessage(text + ": not an image Java can read (its bytes are no PNG, JPEG, GIF or BMP)");
        byte[] jpeg = Files.readAllBytes(DATA.resolve("jpeg/daisy/progressive.JPEG"));
        Path cut = withBadImage("cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThatThrownBy(() -> images(dir, "path", cut.getParent().getParent().toString(), "shape", List.of(3, 5, 6)))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(cut + ": ");
        // with several bad images, the message names the first in folder order, though they decode in parallel
        Path many = numberedFolder("many-bad", 40, 40);
        for (int i = 10; i < 80; i += 7) {
            Files.writeString(many.resolve("class" + i / 40).resolve(String.format("%03d.png", i % 40)), "broken " + i);
        }
        for (int run = 0; run < 3; run++) {
            assertThatThrownBy(() -> images(dir, "path", "many-bad")).hasMessageStartingWith(many.resolve("class0/010.png") + ": ");
        }
        Path empty = withBadImage("empty.bmp", new byte[0]);
        assertThatThrownBy(() -> images(dir, "path", empty.getParent().getParent().toString(), "shape", List.of(3, 5, 6)))
                .isInstanceOf(DataFormatException.class).hasMessageStartingWith(empty + ": ");
    }

    /** A PNG whose header claims {@code width} × {@code height} pixels, with almost no pixel data. */
    private static byte[] pngClaiming(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(b, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 2, 0, 0, 0}).array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return b.array();
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes());
        crc.update(data);
        b.putInt(data.length).put(type.getBytes()).put(data).putInt((int) crc.getValue());
    }

    @Test
    void sizesBeyondMemoryAreRefusedBeforeDecoding() throws IOException {
        Path huge = withBadImage("huge.png", pngClaiming(60000, 60000));
        assertThatThrownBy(() -> images(dir, "path", huge.getParent().getParent().toString(), "shape", List.of(3, 5, 6)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(huge + ": the image is 60000×60000 pixels, more than Java's memory (").hasMessageEndingWith(" MB) can decode; shrink it first");
        // the shape is checked before any image is decoded: this folder's corrupt image is never reached
        Path folder = huge.getParent().getParent();
        assertThatThrownBy(() -> images(dir, "path", folder.toString(), "shape", List.of(3, 100000, 100000))).isInstanceOf(DataFormatException.class)
                .hasMessage(folder + ": 9 images of shape [3, 100000, 100000] are 270000000000 values, more than one array holds (2147483639); choose a smaller shape");
        assertThatThrownBy(() -> images(dir, "path", folder.toString(), "shape", List.of(3, Integer.MAX_VALUE, Integer.MAX_VALUE)))
                .hasMessageContaining("are 124515522381575356443 values, more than one array holds");
    }

    @Test
    void badFieldsAreRefusedNamingTheField() {
        String shapeUsage = "data source 'images': 'shape' must be [C, H, W] with C 1 (grey) or 3 (RGB) and positive H and W, not ";
        for (Object shape : List.of(List.of(2, 5, 6), List.of(3, 5), List.of(3, 0, 6), List.of(3, 5, -6), List.of(3, 5.5, 6), "3x5x6")) {
            assertThatThrownBy(() -> images(DATA, "path", "lossless", "shape", shape)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(shapeUsage);
        }
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "shape", List.of(3, 5, 6), "grayscale", true))
                .hasMessage("data source 'images': 'shape' has 3 channels but \"grayscale\" is true: give [1, H, W]");
        String splitUsage = "data source 'images': 'split' must be {\"test\": a fraction between 0 and 1, \"seed\": an integer}";
        for (Object test : List.of(0, 1, 1.5, -0.2, "0.2")) {
            assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", Map.of("test", test))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(splitUsage + "; \"test\" is ");
        }
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", Map.of("test", 0.2, "seed", 1.5)))
                .hasMessage(splitUsage + "; \"seed\" is \"1.5\"");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", Map.of("test", 0.2, "sead", 1))).hasMessageStartingWith(splitUsage + ", not ");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", 0.2)).hasMessage(splitUsage + ", not \"0.2\"");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", Map.of("test", 0.2), "subset", "validation"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("data source 'images': 'subset' must be \"train\" or \"test\", not \"validation\"");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "subset", "test"))
                .hasMessageStartingWith("data source 'images': 'subset' \"test\" needs a \"split\"");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "colour", true)).hasMessageStartingWith("data source 'images' has no field 'colour'");
        assertThatThrownBy(() -> images(DATA, "path", "lossless", "split", Map.of("test", 0.01), "subset", "test"))
                .isInstanceOf(DataFormatException.class).hasMessageEndingWith("the split leaves no images for \"test\" (8 images, 0.01 of each class for testing)");
    }

    @Test
    void readsManyImagesQuickly() throws IOException {
        Path folder = dir.resolve("many");
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            Path file = folder.resolve("class" + i % 4).resolve(i + (i % 2 == 0 ? ".png" : ".jpg"));
            Files.createDirectories(file.getParent());
            ImageIO.write(image, i % 2 == 0 ? "png" : "jpeg", file.toFile());
        }
        images(dir, "path", "many"); // warm up ImageIO's readers
        long start = System.nanoTime();
        Dataset same = images(dir, "path", "many");
        double sameSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        Dataset resized = images(dir, "path", "many", "shape", List.of(1, 24, 40));
        double resizedSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("images: 200 images 32x32 (PNG and JPEG): %.0f images/s at their size, %.0f images/s resized to grey 24x40%n",
                200 / sameSeconds, 200 / resizedSeconds);
        assertThat(same.count()).isEqualTo(200);
        assertThat(same.featureShape()).isEqualTo(Shape.of(3, 32, 32));
        assertThat(resized.features()).hasSize(200 * 24 * 40);
    }

    private static Path resource(String name) {
        try {
            return Path.of(ImageFolderReaderTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
