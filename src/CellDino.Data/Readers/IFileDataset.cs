using CellDino.Data.Samples;

namespace CellDino.Data.Readers;

/// <summary>A dataset read from files, which reports the bad input it skipped while indexing.</summary>
public interface IFileDataset : IMicroscopyDataset
{
    /// <summary>How bad input found while indexing was handled.</summary>
    BadInputPolicy Policy { get; }

    /// <summary>Problems skipped while indexing (always empty under <see cref="BadInputPolicy.FailFast"/>).</summary>
    IReadOnlyList<DatasetProblem> Problems { get; }
}
