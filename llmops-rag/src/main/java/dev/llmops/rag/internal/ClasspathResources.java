package dev.llmops.rag.internal;

import dev.llmops.rag.ModelLoadException;
import java.io.InputStream;

/**
 * Opens resources bundled in jars, failing with a message that says which dependency is missing.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClasspathResources {
    private ClasspathResources() {
    }

    /**
     * Opens {@code resource} from the context class loader, else this library's.
     *
     * @param fix what the user must do when it is missing
     * @throws ModelLoadException when it is not on the classpath
     */
    public static InputStream open(String resource, String fix) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(resource);
        if (in == null) {
            in = ClasspathResources.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new ModelLoadException("resource " + resource + " is not on the classpath; " + fix);
        }
        return in;
    }
}
