package io.facerecon.data;

import io.facerecon.io.InvalidParameterException;
import io.facerecon.io.BadInputException;

import java.net.URI;
import java.util.Locale;

/**
 * The official Labeled Faces in the Wild archives, with the addresses and SHA-256 digests
 * scikit-learn's {@code fetch_lfw_people} downloads and checks.
 */
public enum LfwArchive {
  /** Deep-funneled (aligned) faces, scikit-learn's default ({@code funneled=True}). */
  FUNNELED(
      "lfw-funneled.tgz",
      "lfw_funneled",
      "https://ndownloader.figshare.com/files/5976015",
      "b47c8422c8cded889dc5a13418c4bc2abbda121092b3533a83306f90d900100a"),
  /** The original, unaligned faces ({@code funneled=False}). */
  ORIGINAL(
      "lfw.tgz",
      "lfw",
      "https://ndownloader.figshare.com/files/5976018",
      "055f7d9c632d7370e6fb4afc7468d40f970c34a80d4c6f50ffec63f5a8d536c0");

  private final String fileName;
  private final String folderName;
  private final URI url;
  private final String sha256;

  LfwArchive(String fileName, String folderName, String url, String sha256) {
    this.fileName = fileName;
    this.folderName = folderName;
    this.url = URI.create(url);
    this.sha256 = sha256;
  }

  /**
   * The archive's file name, as scikit-learn saves it.
   *
   * @return e.g. {@code lfw-funneled.tgz}
   */
  public String fileName() {
    return fileName;
  }

  /**
   * The folder the archive unpacks to, as scikit-learn keeps it in its cache.
   *
   * @return e.g. {@code lfw_funneled}
   */
  public String folderName() {
    return folderName;
  }

  /**
   * Where scikit-learn downloads the archive from.
   *
   * @return the download address
   */
  public URI url() {
    return url;
  }

  /**
   * The archive's SHA-256 digest.
   *
   * @return 64 lower-case hexadecimal digits
   */
  public String sha256() {
    return sha256;
  }

  /**
   * The variant's name, as users give it.
   *
   * @return {@code funneled} or {@code original}
   */
  public String variantName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The archive of a variant named {@code funneled} or {@code original}, in any case.
   *
   * @param name the variant's name; surrounding blanks are ignored
   * @return the archive
   * @throws InvalidParameterException if the name is neither
   */
  public static LfwArchive ofVariant(String name) {
    for (LfwArchive a : values()) {
      if (a.variantName().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new InvalidParameterException("variant", "must be funneled or original, got '" + name + "'");
  }
}
