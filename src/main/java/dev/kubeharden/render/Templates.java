package dev.kubeharden.render;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheNotFoundException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import dev.kubeharden.model.ExitCode;
import dev.kubeharden.model.InvalidInputException;
import dev.kubeharden.model.KubehardenFailure;
import dev.kubeharden.model.Position;
import dev.kubeharden.yaml.InputFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
    Path root = overrideDir == null ? null : overrideRoot(overrideDir);
    this.factory =
        new DefaultMustacheFactory() {
          @Override
          public Reader getReader(String resourceName) {
            if (root != null) {
              String text = override(overrideDir, root, resourceName);
              if (text != null) {
                return new StringReader(text);
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

  /**
   * The directory --templates names, links followed once (the user named it): not under /proc, /dev
   * or /sys, so that no template is read from a process's or the kernel's files.
   */
  private static Path overrideRoot(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new TemplateException("--templates " + dir + " cannot be read");
    }
    String forbidden = InputFiles.forbiddenTree(dir.toAbsolutePath().normalize());
    if (forbidden == null) {
      forbidden = InputFiles.forbiddenTree(real);
    }
    if (forbidden != null) {
      throw new TemplateException(
          "--templates "
              + dir
              + " is under "
              + forbidden
              + "; templates may not be read from /proc, /dev or /sys");
    }
    if (!Files.isDirectory(real)) {
      throw new TemplateException("--templates " + dir + " is not a directory");
    }
    return real;
  }

  /**
   * The text of the override of {@code name} in the templates directory, or null when there is
   * none. A file there that is (or passes through) a symbolic link leading out of the directory is
   * refused, not followed; it is read as every input is (a regular file of at most 8 MiB, UTF-8),
   * and it must hold a mustache tag: a file with none is not a template of ours (a password file
   * copied in, say), and is named, never quoted.
   */
  private static String override(Path dir, Path root, String name) {
    Path p = dir.resolve(name).normalize();
    if (!p.startsWith(dir.normalize()) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (IOException e) {
      throw new TemplateException(
          "template " + p + " is a symbolic link that leads nowhere; it is not read");
    }
    if (!real.startsWith(root)) {
      throw new TemplateException(
          "template " + p + " is a symbolic link leading outside " + dir + "; it is not read");
    }
    if (Files.isDirectory(real)) {
      return null;
    }
    String text;
    try {
      text = InputFiles.read(real, "template", Position.of(p.toString()));
    } catch (InvalidInputException e) {
      throw new TemplateException(e.problems().get(0).message() + " (" + p + ")");
    }
    if (!text.contains("{{")) {
      throw new TemplateException(
          "template "
              + p
              + " holds no mustache tag, so it is not a kubeharden template; its content is not"
              + " shown");
    }
    return text;
  }

  public String render(String name, Map<String, Object> scope) {
    Mustache m;
    try {
      m = compiled.computeIfAbsent(name, factory::compile);
    } catch (MustacheNotFoundException e) {
      throw new TemplateException("template " + name + " not found");
    } catch (MustacheException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof TemplateException t) {
          throw t;
        }
      }
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
