package org.layercanvas.formats;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.layercanvas.engine.api.Shape;
import org.layercanvas.engine.insight.ImageSet;

/** Draws an {@link ImageSet} (values in [0, 1], clipped) as one picture with a 2-pixel gap, grey or RGB. */
public final class ImageGrid {
    private static final int GAP = 2;

    private ImageGrid() {
    }

    /** {@code count} images of the network's output {@code shape}, about as many columns as rows. */
    public static ImageSet of(float[] values, int count, Shape shape, String caption) {
        int[] layout = ImageSet.layout(shape);
        if (layout == null) {
            throw new IllegalArgumentException("images are [1 or 3, H, W], [H, W] or square vectors, not " + shape);
        }
        return new ImageSet(caption, count, layout[0], layout[1], layout[2], (int) Math.ceil(Math.sqrt(count)), values);
    }

    public static BufferedImage render(ImageSet s) {
        int columns = Math.max(1, s.columns()), rows = (s.count() + columns - 1) / columns;
        int h = s.height(), w = s.width(), plane = h * w;
        BufferedImage grid = new BufferedImage(columns * (w + GAP) + GAP, Math.max(1, rows) * (h + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < s.count(); i++) {
            int ox = GAP + (i % columns) * (w + GAP), oy = GAP + (i / columns) * (h + GAP), base = i * s.imageSize();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    int r = level(s.pixels(), base + p);
                    int g = s.channels() == 3 ? level(s.pixels(), base + plane + p) : r;
                    int b = s.channels() == 3 ? level(s.pixels(), base + 2 * plane + p) : r;
                    grid.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return grid;
    }

    private static int level(float[] v, int i) {
        float x = i < v.length && Float.isFinite(v[i]) ? v[i] : 0f;
        return Math.round(Math.max(0f, Math.min(1f, x)) * 255);
    }

    /** Writes the grid as a PNG, atomically, creating the folder. */
    public static void writePng(ImageSet s, Path file) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(render(s), "png", png);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, png.toByteArray());
    }
}
