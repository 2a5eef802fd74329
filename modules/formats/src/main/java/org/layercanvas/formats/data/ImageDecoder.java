package org.layercanvas.formats.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Semaphore;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.layercanvas.engine.spi.DataFormatException;
import org.layercanvas.engine.spi.Quoted;
import org.layercanvas.formats.FileErrors;

/**
 * Decodes one image file with {@code javax.imageio} into float planes [C, height, width] of values 0..255:
 * samples of more than 8 bits (16-bit PNG) are scaled to 0..255, transparent pixels are composited on
 * white (as viewers show them; the colour under a fully transparent pixel is often arbitrary), grey
 * becomes RGB by repetition and RGB becomes grey by the ITU-R BT.601 luma 0.299 R + 0.587 G + 0.114 B.
 * Every value is computed in double precision and rounded to float once, so a test can reproduce it
 * exactly. The raw samples are used, never {@code getRGB}, which would apply colour-space conversions
 * (a linear-grey PNG would come out gamma-corrected).
 */
final class ImageDecoder {
    /**
     * The heap that decoding may take, in MB, shared by the images decoded at the same time: an image takes its
     * share before decoding and waits while others hold it, and one that alone needs more is refused, so a header
     * claiming 20000×20000 pixels is not believed, and many threads decoding large photos do not run out of memory.
     */
    private static final int BUDGET_MB = (int) (Runtime.getRuntime().maxMemory() / 4 >> 20);
    private static final Semaphore DECODING = new Semaphore(BUDGET_MB);
    /** Bytes per pixel while decoding: the decoded image (up to 8 bytes for 16-bit RGBA) and its float planes. */
    private static final int BYTES_PER_PIXEL = 8 + 3 * Float.BYTES;

    private ImageDecoder() {
    }

    /** An image's size and colour mode, as its header tells them. */
    record Header(int width, int height, boolean grey, String mode) {
    }

    /** The size and mode of {@code file} from its header, without decoding the pixels. */
    static Header header(Path file) throws IOException {
        return withReader(file, r -> {
            ImageTypeSpecifier type = r.getRawImageType(0);
            if (type == null) { // the JPEG reader gives no raw type for CMYK, but offers it among the types it decodes to
                Iterator<ImageTypeSpecifier> types = r.getImageTypes(0);
                type = types.hasNext() ? types.next() : null;
            }
            ColorModel cm = type == null ? null : type.getColorModel();
            boolean grey = cm != null && !(cm instanceof IndexColorModel) && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
            return new Header(r.getWidth(0), r.getHeight(0), grey, cm == null ? "unknown mode" : mode(cm));
        });
    }

    /** {@code file} decoded as {@code channels} planes (1: grey, 3: RGB) resized to [channels, height, width]; safe to call from several threads. */
    static float[] decode(Path file, int channels, int height, int width) throws IOException {
        return withReader(file, r -> {
            int megabytes = requireDecodable(file, r.getWidth(0), r.getHeight(0));
            DECODING.acquireUninterruptibly(megabytes);
            try {
                BufferedImage image = read(r, file);
                float[] planes = planes(image, channels, file);
                return Resampling.resize(planes, channels, image.getHeight(), image.getWidth(), height, width);
            } finally {
                DECODING.release(megabytes);
            }
        });
    }

    private static BufferedImage read(ImageReader r, Path file) throws IOException {
        List<String> warnings = new ArrayList<>();
        r.addIIOReadWarningListener((reader, warning) -> warnings.add(warning));
        BufferedImage image = r.read(0);
        if (!warnings.isEmpty()) { // a truncated progressive JPEG decodes with warnings only, its missing part grey
            throw new DataFormatException(Quoted.path(file) + ": the image is damaged (" + Quoted.shown(warnings.get(0)) + ")");
        }
        if (image.isAlphaPremultiplied()) {
            image.coerceData(false);
        }
        return image;
    }

    private interface ReaderWork<T> {
        T apply(ImageReader reader) throws IOException;
    }

    /** {@code work} done by the ImageIO reader that recognises {@code file} by its content; every failure names the file. */
    private static <T> T withReader(Path file, ReaderWork<T> work) throws IOException {
        FileErrors.requireFile(file);
        if (!Files.isReadable(file)) {
            throw FileErrors.reading(file, new java.nio.file.AccessDeniedException(file.toString()));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) { // no ImageIO stream for files: not met with the JDK's own plug-ins
                throw new IOException("ImageIO cannot open files");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFormatException(Quoted.path(file) + ": not an image Java can read (its bytes are no PNG, JPEG, GIF or BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return work.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) { // ImageIO meets corrupt data with any of IIOException, IndexOutOfBounds, IllegalArgument, …
            throw new DataFormatException(Quoted.path(file) + ": cannot decode the image (" + reason(e) + ")", e);
        }
    }

    /** ImageIO's message and its cause's ("Error reading PNG image data: Unexpected end of ZLIB input stream"). */
    private static String reason(Exception e) {
        String m = describe(e);
        return Quoted.shown(e.getCause() == null ? m : m + ": " + describe(e.getCause()));
    }

    private static String describe(Throwable e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        return e instanceof EOFException ? "the file ends too early" : e.getClass().getSimpleName();
    }

    /** The MB that decoding a width × height image takes. */
    private static int requireDecodable(Path file, int width, int height) throws DataFormatException {
        long megabytes = Math.max(1, ((long) width * height * BYTES_PER_PIXEL + (1 << 20) - 1) >> 20);
        if (megabytes > BUDGET_MB) {
            throw new DataFormatException(Quoted.path(file) + ": the image is " + width + "×" + height + " pixels, more than Java's memory ("
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB) can decode; shrink it first");
        }
        return (int) megabytes;
    }

    /** "RGB 8-bit", "grey 16-bit", "palette", … */
    private static String mode(ColorModel cm) {
        if (cm instanceof IndexColorModel) {
            return cm.hasAlpha() ? "palette with transparency" : "palette";
        }
        String space = switch (cm.getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> "grey";
            case ColorSpace.TYPE_RGB -> "RGB";
            case ColorSpace.TYPE_CMYK -> "CMYK";
            default -> "colour space " + cm.getColorSpace().getType();
        };
        return space + (cm.hasAlpha() ? "+alpha " : " ") + cm.getComponentSize(0) + "-bit";
    }

    private static float[] planes(BufferedImage image, int channels, Path file) throws DataFormatException {
        int w = image.getWidth(), h = image.getHeight(), plane = w * h;
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        Pixel pixel = pixel(cm, file);
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        double[] rgb = new double[3];
        float[] out = new float[channels * plane];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int at = y * w + x;
                if (pixel.toRgb(row, x * bands, rgb)) {
                    if (channels == 1) {
                        out[at] = (float) (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
                    } else {
                        out[at] = (float) rgb[0];
                        out[plane + at] = (float) rgb[1];
                        out[2 * plane + at] = (float) rgb[2];
                    }
                } else { // grey, in rgb[0]
                    for (int c = 0; c < channels; c++) {
                        out[c * plane + at] = (float) rgb[0];
                    }
                }
            }
        }
        return out;
    }

    /** One pixel's samples as values 0..255. */
    private interface Pixel {
        /** @return true for colour in rgb[0..2], false for grey in rgb[0] */
        boolean toRgb(int[] samples, int at, double[] rgb);
    }

    private static Pixel pixel(ColorModel cm, Path file) throws DataFormatException {
        if (cm instanceof IndexColorModel p) {
            return (s, at, rgb) -> {
                int i = s[at], a = p.getAlpha(i);
                rgb[0] = onWhite(p.getRed(i), 255, a, 255);
                rgb[1] = onWhite(p.getGreen(i), 255, a, 255);
                rgb[2] = onWhite(p.getBlue(i), 255, a, 255);
                return true;
            };
        }
        int colours = cm.getNumColorComponents();
        int[] max = new int[cm.getNumComponents()];
        for (int b = 0; b < max.length; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int alpha = cm.hasAlpha() ? colours : -1;
        int space = cm.getColorSpace().getType();
        if (space == ColorSpace.TYPE_GRAY && colours == 1) {
            return (s, at, rgb) -> {
                rgb[0] = alpha < 0 ? s[at] * 255.0 / max[0] : onWhite(s[at], max[0], s[at + alpha], max[alpha]);
                return false;
            };
        }
        if (space == ColorSpace.TYPE_RGB && colours == 3) {
            return (s, at, rgb) -> {
                for (int c = 0; c < 3; c++) {
                    rgb[c] = alpha < 0 ? s[at + c] * 255.0 / max[c] : onWhite(s[at + c], max[c], s[at + alpha], max[alpha]);
                }
                return true;
            };
        }
        if (space == ColorSpace.TYPE_CMYK && colours == 4) {
            // the naive conversion that PIL uses too: an ICC conversion needs the printer's profile, which such files rarely carry
            return (s, at, rgb) -> {
                double white = 1 - (double) s[at + 3] / max[3];
                for (int c = 0; c < 3; c++) {
                    rgb[c] = 255.0 * (1 - (double) s[at + c] / max[c]) * white;
                }
                return true;
            };
        }
        throw new DataFormatException(Quoted.path(file) + ": the image's colour space (" + mode(cm) + ") is not supported: convert it to RGB");
    }

    /** Sample {@code s} (of maximum {@code max}) with alpha {@code a} (of maximum {@code alphaMax}) composited on white, 0..255. */
    private static double onWhite(long s, long max, long a, long alphaMax) {
        return (s * a + max * (alphaMax - a)) * 255.0 / (max * alphaMax);
    }
}
