namespace CellDino.Core.Checkpoints.Pickle;

/// <summary>
/// What a <see cref="PickleMachine"/> delegates: persistent ids (tensor storages kept outside the pickle)
/// and calls of allowed globals. Implementations decide what each allowed name means.
/// </summary>
internal interface IPickleHost
{
    /// <summary>Resolves a persistent id (<c>BINPERSID</c>); <paramref name="offset"/> is the opcode's position.</summary>
    object? PersistentLoad(object? pid, long offset);

    /// <summary>Applies an allowed global to its arguments (<c>REDUCE</c>, <c>NEWOBJ</c>).</summary>
    object? Call(PickleGlobal callable, object?[] args, long offset);
}
