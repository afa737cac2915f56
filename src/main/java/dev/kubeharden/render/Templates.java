package dev.kubeharden.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.KubehardenFailure;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mustache templates from the jar ({@code kubeharden/templates/}) or, with --templates, from a
 * directory on disk (files there override the shipped ones by name). No HTML escaping: values
 * arrive escaped for their format. A variable that no scope holds is an error, not an empty string.
 * Templates are compiled once.
 */
public final class Templates {

  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
  private final DefaultMustacheFactory factory;

  /** Thrown when a template is missing or refers to a variable the model does not have. */
  public static final class TemplateException extends RuntimeException
      implements KubehardenFailure {
    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
      super(message);
    }

    @Override
    public ExitCode exitCode() {
      return ExitCode.INVALID_INPUT;
    }

    @Override
    public List<String> diagnostics(String untouched) {
      return List.of("kubeharden: " + getMessage() + "; nothing was written");
    }
  }

  public Templates(Path overrideDir) {

    this.factory =
        new DefaultMustacheFactory() {
          @Override
          public Reader getReader(String resourceName) {
            if (overrideDir != null) {
              Path p = overrideDir.resolve(resourceName).normalize();
              if (p.startsWith(overrideDir.normalize()) && Files.isRegularFile(p)) {
                try {
                  return Files.newBufferedReader(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            }
            return super.getReader("kubeharden/templates/" + resourceName);
          }

          @Override
          public void encode(String value, Writer writer) {
            try {
              writer.write(value);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    factory.setObjectHandler(new StrictObjectHandler());
  }

  public String render(String name, Map<String, Object> scope) {
    Mustache m;
    try {
      m = compiled.computeIfAbsent(name, factory::compile);
    } catch (MustacheNotFoundException e) {
      throw new TemplateException("template " + name + " not found");
    } catch (MustacheException e) {
      throw new TemplateException("template " + name + ": " + e.getMessage());
    }
    StringWriter w = new StringWriter();
    try {
      m.execute(w, scope).flush();
    } catch (MissingVariable e) {
      throw new TemplateException(
          "template " + name + " uses {{" + e.getMessage() + "}}, which the model lacks");
    } catch (MustacheException e) {
      Throwable c = e;
      while (c.getCause() != null && !(c instanceof MissingVariable)) {
        c = c.getCause();
      }
      if (c instanceof MissingVariable mv) {
        throw new TemplateException(
            "template " + name + " uses {{" + mv.getMessage() + "}}, which the model lacks");
      }
      throw new TemplateException("template " + name + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static final class MissingVariable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingVariable(String name) {
      super(name, null, false, false);
    }
  }

  /** Refuses names that no scope (a Map) defines, instead of rendering them as empty. */
  private static final class StrictObjectHandler extends ReflectionObjectHandler {
    @Override
    public Wrapper find(String name, List<Object> scopes) {
      if (!".".equals(name)) {
        String first = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        boolean found = false;
        for (Object s : scopes) {
          if (s instanceof Map<?, ?> m && m.containsKey(first)) {
            found = true;
            break;
          }
        }
        if (!found) {
          throw new MissingVariable(name);
        }
      }
      return super.find(name, scopes);
    }
  }
}
