package org.layercanvas.editor.ui;

import org.openide.filesystems.FileObject;
import org.openide.filesystems.MIMEResolver;
import org.openide.util.lookup.ServiceProvider;

/**
 * Recognises LayerCanvas projects by their double extension {@code .lcproj.json}; an extension-based
 * registration only sees "json" and would claim every JSON file.
 */
@ServiceProvider(service = MIMEResolver.class, position = 100)
public final class ProjectMimeResolver extends MIMEResolver {
    public static final String MIME = "application/x-layercanvas-project+json";
    public static final String SUFFIX = org.layercanvas.formats.ProjectFiles.SUFFIX;

    public ProjectMimeResolver() {
        super(MIME);
    }

    @Override
    public String findMIMEType(FileObject fo) {
        return fo.getNameExt().endsWith(SUFFIX) ? MIME : null;
    }
}
