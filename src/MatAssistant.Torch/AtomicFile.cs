namespace MatAssistant.Torch;

/// <summary>
/// Writes model files so that a reader never sees half a file: the content goes to a temporary file in the same directory,
/// is flushed to disk, and is renamed over the target (a rename within one directory is atomic on POSIX and NTFS).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on failure the old file (if any) is left as it was.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> for reading, or returns false when it does not exist.</summary>
    public static bool TryOpenRead(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Stream? stream)
    {
        if (!File.Exists(path))
        {
            stream = null;
            return false;
        }

        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return true;
    }
}
