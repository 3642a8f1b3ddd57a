namespace CellDino.Core.Tests.Checkpoints;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path_);

    public string Path_ { get; } = Path.Combine(Path.GetTempPath(), "celldino-ckpt-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => Path.Combine(Path_, name);

    public void Dispose()
    {
        try { Directory.Delete(Path_, recursive: true); } catch (IOException) { }
    }
}
