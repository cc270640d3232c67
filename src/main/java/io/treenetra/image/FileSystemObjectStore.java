package io.treenetra.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Objects as files under a root directory; a key's parts are its directories. Written by atomic
 * rename.
 */
public final class FileSystemObjectStore implements ObjectStore {

  private final Path root;

  public FileSystemObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path path(String key) {
    Path path = root.resolve(ObjectStore.checked(key)).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("Not an object key: " + key);
    }
    return path;
  }

  @Override
  public void put(String key, Path file, String contentType) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path partial = Files.createTempFile(target.getParent(), ".partial-", null);
    try {
      Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    Path path = path(key);
    try {
      return Optional.of(new StoredObject(Files.newInputStream(path), Files.size(path)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  @Override
  public boolean olderThan(String key, Instant before) throws IOException {
    try {
      return Files.getLastModifiedTime(path(key)).toInstant().isBefore(before);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void forEachOlderThan(Instant before, Consumer<String> key) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> files =
        Files.find(
            root, 4, (path, attributes) -> attributes.isRegularFile() && old(attributes, before))) {
      files
          .map(path -> root.relativize(path).toString().replace('\\', '/'))
          .filter(name -> ObjectStore.KEY.matcher(name).matches())
          .forEach(key);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static boolean old(BasicFileAttributes attributes, Instant before) {
    return attributes.lastModifiedTime().toInstant().isBefore(before);
  }
}
