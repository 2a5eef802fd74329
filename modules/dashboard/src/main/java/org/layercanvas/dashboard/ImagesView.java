package org.layercanvas.dashboard;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Graphics;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.List;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSlider;
import org.layercanvas.engine.insight.EpochRecord;
import org.layercanvas.engine.insight.ImageSet;
import org.layercanvas.engine.insight.RunHistory;
import org.layercanvas.formats.ImageGrid;

/** Reconstructions (autoencoders) and generated samples (VAE, GAN) per epoch; the slider goes back in time. */
final class ImagesView implements RunView {
    private final JPanel root = new JPanel(new BorderLayout());
    final JSlider epoch = new JSlider(1, 1, 1);
    private final JLabel caption = new JLabel("Images: shown for autoencoders, VAEs and GANs with image outputs");
    private BufferedImage image;
    /** The epochs' image sets, or the test data's alone when no epoch had any (a run without validation data). */
    private List<String> labels = List.of();
    private List<ImageSet> sets = List.of();
    private boolean following = true, adjusting;
    private final JPanel picture = new JPanel() {
        @Override
        protected void paintComponent(Graphics g) {
            super.paintComponent(g);
            if (image != null) {
                double scale = Math.max(1, Math.floor(Math.min(getWidth() / (double) image.getWidth(), getHeight() / (double) image.getHeight())));
                int w = (int) (image.getWidth() * scale), h = (int) (image.getHeight() * scale);
                g.drawImage(image.getScaledInstance(w, h, Image.SCALE_FAST), (getWidth() - w) / 2, (getHeight() - h) / 2, null);
            }
        }
    };

    ImagesView() {
        picture.setBackground(Color.DARK_GRAY);
        epoch.setName("images.epoch");
        epoch.setPaintLabels(true);
        epoch.addChangeListener(e -> {
            if (!adjusting) { // the user moved it: follow new epochs only from the last one
                following = epoch.getValue() == epoch.getMaximum();
                select();
            }
        });
        JPanel top = new JPanel(new BorderLayout());
        top.add(caption, BorderLayout.CENTER);
        top.add(epoch, BorderLayout.SOUTH);
        root.add(top, BorderLayout.NORTH);
        root.add(picture, BorderLayout.CENTER);
    }

    @Override
    public String title() {
        return "Images";
    }

    @Override
    public JComponent component() {
        return root;
    }

    BufferedImage image() {
        return image;
    }

    @Override
    public boolean applies(RunHistory run) {
        return run.epochs().stream().anyMatch(e -> e.diagnostics().images() != null) || testImages(run) != null;
    }

    /** The test data's images after training, or null (none yet, or a run without images). */
    private static ImageSet testImages(RunHistory run) {
        return run.outcome() == null || run.outcome().testDiagnostics() == null ? null : run.outcome().testDiagnostics().images();
    }

    @Override
    public void show(RunHistory run) {
        List<EpochRecord> withImages = run.epochs().stream().filter(e -> e.diagnostics().images() != null).toList();
        labels = withImages.stream().map(e -> "Epoch " + e.result().epoch()).toList();
        sets = withImages.stream().map(e -> e.diagnostics().images()).toList();
        if (sets.isEmpty() && testImages(run) != null) {
            labels = List.of("Test data after training");
            sets = List.of(testImages(run));
        }
        if (sets.isEmpty()) {
            return;
        }
        adjusting = true;
        try {
            epoch.setMaximum(sets.size());
            if (following) {
                epoch.setValue(sets.size());
            }
        } finally {
            adjusting = false;
        }
        select();
    }

    private void select() {
        if (sets.isEmpty()) {
            return;
        }
        int i = Math.min(sets.size(), Math.max(1, epoch.getValue())) - 1;
        ImageSet set = sets.get(i);
        image = ImageGrid.render(set);
        caption.setText(labels.get(i) + ": " + set.caption() + " (rows of " + set.columns() + ")");
        picture.repaint();
    }
}
