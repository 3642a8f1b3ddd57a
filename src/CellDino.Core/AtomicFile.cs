namespace CellDino.Core;

/// <summary>
/// Writes files atomically: to a temporary file beside the target, flushed, then renamed over it,
/// so readers see the old file or the new one, never a half-written one. Every failure to write is a
/// <see cref="FileWriteException"/> naming the target (never the temporary file), and leaves no temporary file behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> atomically, replacing any file there.</summary>
    /// <exception cref="FileWriteException">The file or its folder could not be written.</exception>
    public static void Write(string path, Action<Stream> write) => Write(path, write, overwrite: true);

    /// <summary>Writes text to <paramref name="path"/> atomically (UTF-8, no BOM).</summary>
    /// <exception cref="FileWriteException">The file or its folder could not be written.</exception>
    public static void WriteAllText(string path, string text) => Write(path, Text(text), overwrite: true);

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="text"/> atomically unless a file is already there: returns
    /// false, leaving that file untouched, when another writer got there first (even between this call's check and rename).
    /// </summary>
    /// <exception cref="FileWriteException">The file or its folder could not be written.</exception>
    public static bool TryCreateText(string path, string text) => Write(path, Text(text), overwrite: false);

    /// <summary>Creates folder <paramref name="path"/> and its parents for output.</summary>
    /// <exception cref="FileWriteException">The folder could not be created (a parent is a file, no permission).</exception>
    public static void CreateDirectory(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (FileWriteException.IsWriteFailure(e))
        {
            throw FileWriteException.From(path, e);
        }
    }

    private static Action<Stream> Text(string text) =>
        s => { using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true); w.Write(text); };

    private static bool Write(string path, Action<Stream> write, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (FileWriteException.IsWriteFailure(e))
        {
            throw FileWriteException.From(path, e); // named as the file asked for, not its folder
        }
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            if (!overwrite && File.Exists(full))
            {
                File.Delete(tmp);
                return false;
            }
            File.Move(tmp, full, overwrite);
            return true;
        }
        catch (Exception e)
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (!overwrite && e is IOException && e.GetType() == typeof(IOException) && File.Exists(full)) return false; // lost the race to create it
            if (FileWriteException.IsWriteFailure(e)) throw FileWriteException.From(path, e);
            throw;
        }
    }
}
