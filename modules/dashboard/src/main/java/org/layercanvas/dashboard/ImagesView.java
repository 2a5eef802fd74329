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
    private List<EpochRecord> withImages = List.of();
    private boolean following = true;
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
            following = epoch.getValue() == epoch.getMaximum();
            select();
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
    public void show(RunHistory run) {
        withImages = run.epochs().stream().filter(e -> e.diagnostics().images() != null).toList();
        if (withImages.isEmpty()) {
            return;
        }
        epoch.setMaximum(withImages.size());
        if (following) {
            epoch.setValue(withImages.size());
        }
        select();
    }

    private void select() {
        if (withImages.isEmpty()) {
            return;
        }
        EpochRecord e = withImages.get(Math.min(withImages.size(), Math.max(1, epoch.getValue())) - 1);
        ImageSet set = e.diagnostics().images();
        image = ImageGrid.render(set);
        caption.setText("Epoch " + e.result().epoch() + ": " + set.caption() + " (rows of " + set.columns() + ")");
        picture.repaint();
    }
}
