package org.layercanvas.app.core;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.util.stream.Collectors;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.SwingConstants;
import org.layercanvas.engine.spi.BackendProvider;
import org.layercanvas.engine.spi.Backends;
import org.layercanvas.engine.spi.LayerRegistry;
import org.layercanvas.engine.spi.LayerType;
import org.netbeans.api.settings.ConvertAsProperties;
import org.openide.awt.ActionID;
import org.openide.awt.ActionReference;
import org.openide.util.NbBundle.Messages;
import org.openide.windows.TopComponent;

/**
 * The start page: what LayerCanvas is and what this installation can do (the layer types and
 * backends the engine found), shown until the canvas editor arrives.
 */
@ConvertAsProperties(dtd = "-//org.layercanvas.app.core//Welcome//EN", autostore = false)
@TopComponent.Description(preferredID = "WelcomeTopComponent", persistenceType = TopComponent.PERSISTENCE_ALWAYS)
@TopComponent.Registration(mode = "editor", openAtStartup = true)
@ActionID(category = "Window", id = "org.layercanvas.app.core.WelcomeTopComponent")
@ActionReference(path = "Menu/Window", position = 10)
@TopComponent.OpenActionRegistration(displayName = "#CTL_WelcomeAction", preferredID = "WelcomeTopComponent")
@Messages({"CTL_WelcomeAction=Welcome", "CTL_WelcomeTopComponent=Welcome"})
public final class WelcomeTopComponent extends TopComponent {
    public WelcomeTopComponent() {
        setName(Bundle.CTL_WelcomeTopComponent());
        setLayout(new BorderLayout());
        JPanel page = new JPanel(new BorderLayout(0, 16));
        page.setBorder(BorderFactory.createEmptyBorder(40, 48, 40, 48));
        page.setBackground(Color.WHITE);
        JLabel title = new JLabel("LayerCanvas");
        title.setFont(title.getFont().deriveFont(Font.BOLD, 32f));
        title.setForeground(new Color(0x1f, 0x3a, 0x68));
        page.add(title, BorderLayout.NORTH);
        String layers = LayerRegistry.standard().all().stream().map(LayerType::name).collect(Collectors.joining(", "));
        String backends = Backends.standard().all().stream().filter(p -> !p.devices().isEmpty())
                .map(BackendProvider::name).collect(Collectors.joining(", "));
        JLabel body = new JLabel("<html><p style='font-size:13pt'>Draw a neural network, train it on your data, watch it learn.</p>"
                + "<p style='margin-top:12px'>Layers: " + layers + "</p>"
                + "<p>Backends found: " + backends + " (automatic choice: " + Backends.standard().choose("auto").name() + ")</p></html>");
        body.setVerticalAlignment(SwingConstants.TOP);
        page.add(body, BorderLayout.CENTER);
        add(page, BorderLayout.CENTER);
    }

    void writeProperties(java.util.Properties p) {
        p.setProperty("version", "1.0");
    }

    void readProperties(java.util.Properties p) {
    }
}
