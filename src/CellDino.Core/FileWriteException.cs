namespace CellDino.Core;

/// <summary>
/// An output file or folder could not be written: disk full, a read-only folder, a parent path that is a file. The
/// message is <c>cannot write &lt;path&gt;: &lt;reason&gt;</c>, naming the file the caller asked for (never the hidden
/// temporary file an atomic write goes through), on one line. Every CellDino writer reports its failures as this type.
/// </summary>
public sealed class FileWriteException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    /// <param name="path">The file or folder that could not be written.</param>
    /// <param name="reason">Why, without the path.</param>
    /// <param name="inner">The underlying I/O failure, if any.</param>
    public FileWriteException(string path, string reason, Exception? inner = null)
        : base($"cannot write {path}: {reason}", inner)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file or folder that could not be written.</summary>
    public string Path { get; }

    /// <summary>Why it could not be written, without the path.</summary>
    public string Reason { get; }

    /// <summary>
    /// The exception for an I/O failure <paramref name="inner"/> while writing <paramref name="path"/>: the reason is
    /// worked out from the file system (a folder in the way, a parent that is a file) or the failure's own text with any
    /// quoted path (such as a temporary file's) removed.
    /// </summary>
    public static FileWriteException From(string path, Exception inner)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inner);
        return inner as FileWriteException ?? new FileWriteException(path, ReasonOf(path, inner), inner);
    }

    /// <summary>True for the exceptions the file system raises on a failed write (which <see cref="From"/> wraps).</summary>
    public static bool IsWriteFailure(Exception e) => e is (IOException or UnauthorizedAccessException) and not FileWriteException;

    private static string ReasonOf(string path, Exception e)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) return "it is a folder, not a file";
        // .NET says "Could not find a part of the path" when a parent is a regular file: name that parent.
        for (var dir = System.IO.Path.GetDirectoryName(full); dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir)) return $"{dir} is a file, not a folder";
            if (Directory.Exists(dir)) break;
        }
        if (e is UnauthorizedAccessException) return "permission denied (a read-only folder or file?)";
        if (e is DirectoryNotFoundException or FileNotFoundException) return "its folder does not exist";
        if (e is PathTooLongException) return "the path is too long";
        // "No space left on device : '/out/.part-000001.parquet.123.tmp'": keep the reason, drop the quoted path.
        var text = e.Message.ReplaceLineEndings(" ");
        int quote = text.IndexOf(" : '", StringComparison.Ordinal);
        if (quote > 0) text = text[..quote];
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s*'[^']*'", "").Trim().TrimEnd('.');
        return text.Length > 0 ? text : e.GetType().Name;
    }
}
