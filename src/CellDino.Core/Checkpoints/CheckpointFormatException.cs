namespace CellDino.Core.Checkpoints;

/// <summary>
/// A checkpoint file is malformed, hostile or does not fit the model. The message names the file
/// (and key, where there is one) and what was expected.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file concerned, or null for in-memory dictionaries.</param>
    /// <param name="message">What is wrong and what was expected.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public CheckpointFormatException(string? path, string message, Exception? inner = null)
        : base(path is null ? message : $"{path}: {message}", inner)
    {
        FilePath = path;
    }

    /// <summary>Creates the exception for a strict load that did not fit, keeping the full <paramref name="report"/>.</summary>
    /// <param name="path">The file concerned, or null for in-memory dictionaries.</param>
    /// <param name="message">What is wrong, on one line.</param>
    /// <param name="report">Every missing, unexpected and mis-shaped key.</param>
    public CheckpointFormatException(string? path, string message, LoadReport report)
        : this(path, message)
    {
        Report = report;
    }

    /// <summary>The file concerned, or null.</summary>
    public string? FilePath { get; }

    /// <summary>For a strict load that did not fit: the full report (every key; the message lists the first few).</summary>
    public LoadReport? Report { get; }
}
