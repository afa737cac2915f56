package dev.kubeharden.tools;

import dev.kubeharden.cli.Cli;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool, run by {@code mvn package} (pom.xml, execution "man-page"): writes the AsciiDoc
 * sources of the man pages (kubeharden.1 and one a subcommand) with picocli-codegen's
 * ManPageGenerator from the command line main uses, so the pages show the same option help,
 * defaults and exit codes as {@code --help}. asciidoctor then converts them to troff in
 * target/man/.
 */
public final class ManPages {
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTDIR");
    }
    var cl =
        Cli.newCommandLine(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    // The synopsis is written at the usage width: wide enough for one line, which man then wraps.
    cl.setUsageHelpWidth(1000);
    exitStatus(cl);
    int rc =
        ManPageGenerator.generateManPage(
            new File(args[0]), null, new boolean[0], true, cl.getCommandSpec());
    if (rc != 0) {
      throw new IOException("ManPageGenerator exited " + rc);
    }
  }

  /**
   * Each command's exit-code footer (" 4 drift found ...") as picocli's exit-code list, which
   * ManPageGenerator writes as the EXIT STATUS section.
   */
  private static void exitStatus(CommandLine cl) {
    var usage = cl.getCommandSpec().usageMessage();
    Map<String, String> codes = new LinkedHashMap<>();
    for (String footer : usage.footer()) {
      for (String line : footer.lines().toList()) {
        Matcher m = CODE.matcher(line);
        if (m.matches()) {
          codes.put(m.group(1), m.group(2));
        }
      }
    }
    if (!codes.isEmpty()) {
      usage.footer(new String[0]);
      usage.exitCodeListHeading("Exit codes");
      usage.exitCodeList(codes);
    }
    cl.getSubcommands().values().forEach(ManPages::exitStatus);
  }

  private static final Pattern CODE = Pattern.compile("  (\\d)  (.+)");

  private ManPages() {}
}
