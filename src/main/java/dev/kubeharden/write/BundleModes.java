package dev.kubeharden.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The modes the bundle's own files must have on the node, so that copying {@code node/} (or {@code
 * standalone/}) onto {@code /} with its modes ({@code cp -a}, {@code rsync -a}) already passes the
 * bundle's file controls: the kubelet's configuration, its {@code --config-dir} drop-ins and its
 * systemd drop-ins are 0600 (CIS 4.1.1 and 4.1.9 ask for 600 or stricter, the STIG for 644 or
 * stricter). Other files are 0644 less the umask. A file is created with its mode, never written
 * first and restricted afterwards.
 *
 * <p>Targets, by the same rule (files that go onto a node and carry kubelet configuration): rke2
 * and k3s copy {@code etc/rancher/PROGRAM/config.yaml.d/} (the {@code kubelet-arg} list) and {@code
 * kubelet.conf.d/} (the kubelet's own drop-in) onto the node, so both are 0600. Every other target
 * file lives in an infra repository and reaches nodes through a tool that writes its own modes:
 * kubeadm's {@code --config} and {@code --patches} inputs (kubeadm writes config.yaml), Cluster API
 * templates (their {@code files[]} entry carries {@code permissions: "0600"}), Talos machine-config
 * patches, the k0s ClusterConfig, the kOps Cluster, Kubespray group_vars and the EKS NodeConfig and
 * user data. They keep the default, as the node bundle's {@code kubeadm/} and {@code cluster/} do.
 */
final class BundleModes {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /** Node paths (after node/ or standalone/, in a fleet after cluster/pool/) that must be 0600. */
  private static final Pattern OWNER_ONLY_PATHS =
      Pattern.compile(
          "(^|/)((node|standalone)/(var/lib/kubelet/config\\.yaml"
              + "|etc/kubernetes/kubelet\\.conf\\.d/[^/]+\\.conf"
              + "|etc/systemd/system/kubelet\\.service\\.d/[^/]+\\.conf)"
              + "|(?<program>rke2|k3s)/etc/rancher/\\k<program>/(config\\.yaml\\.d/[^/]+\\.yaml"
              + "|kubelet\\.conf\\.d/[^/]+\\.conf))$");

  private static final Set<PosixFilePermission> DEFAULT =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(OWNER_ONLY);
  private static final FileAttribute<Set<PosixFilePermission>> DEFAULT_ATTRIBUTE =
      PosixFilePermissions.asFileAttribute(DEFAULT);
  private static final Set<OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private BundleModes() {}

  /** The mode a bundle file must have, or null for the default. */
  static Set<PosixFilePermission> of(String bundlePath) {
    // Every owner-only path ends in .conf or .yaml: the others (reports, sysctl files, manifests)
    // skip the pattern.
    if (!bundlePath.endsWith(".conf") && !bundlePath.endsWith(".yaml")) {
      return null;
    }
    return OWNER_ONLY_PATHS.matcher(bundlePath).find() ? OWNER_ONLY : null;
  }

  /**
   * Writes a new file, created with the mode {@link #of} gives its bundle path (0644 less the umask
   * otherwise: never group- or world-writable, never executable), refusing to follow or replace
   * anything already there.
   */
  static void write(Path file, String bundlePath, byte[] bytes) throws IOException {
    write(file, bundlePath, out -> out.write(bytes));
  }

  /** As {@link #write(Path, String, byte[])}, the bytes {@code content} writes. */
  static void write(Path file, String bundlePath, BundleStage.Content content) throws IOException {
    try (SeekableByteChannel ch =
            POSIX
                ? Files.newByteChannel(
                    file,
                    CREATE_NEW,
                    of(bundlePath) != null ? OWNER_ONLY_ATTRIBUTE : DEFAULT_ATTRIBUTE)
                : Files.newByteChannel(file, CREATE_NEW);
        OutputStream out = Channels.newOutputStream(ch)) {
      content.writeTo(out);
    }
  }
}
