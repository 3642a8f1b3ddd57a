namespace CellDino.Data.Readers;

/// <summary>Options of <see cref="TiffFolderDataset"/>.</summary>
public sealed record TiffFolderOptions : DatasetReaderOptions
{
    /// <summary>Channel names, one per page; null names them <c>ch0, ch1, …</c> from the first file's page count.</summary>
    public IReadOnlyList<string>? ChannelNames { get; init; }

    /// <summary>Optional labels CSV; when given, its rows (not the folder listing) define the samples.</summary>
    public string? LabelsCsv { get; init; }

    /// <summary>Labels CSV column with the file name (with or without extension).</summary>
    public string IdColumn { get; init; } = "id";

    /// <summary>Labels CSV column with class indices (space, '|' or ';' separated).</summary>
    public string LabelsColumn { get; init; } = "labels";

    /// <summary>Class names the labels index; required with <see cref="LabelsCsv"/>.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = Array.Empty<string>();
}
