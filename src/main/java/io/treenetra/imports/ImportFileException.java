package io.treenetra.imports;

/**
 * The file as a whole cannot be imported (not text, wrong encoding, missing columns, empty...): the
 * job fails with this message.
 */
class ImportFileException extends RuntimeException {

  ImportFileException(String message) {
    super(message, null, false, false);
  }

  /** Bytes that are not UTF-8: {@link ImportJob} finds exactly where and says so. */
  static final class NotUtf8 extends ImportFileException {
    NotUtf8() {
      super("The file is not UTF-8 text");
    }
  }
}
