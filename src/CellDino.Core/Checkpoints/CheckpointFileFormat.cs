namespace CellDino.Core.Checkpoints;

/// <summary>The on-disk formats <see cref="CheckpointLoader"/> reads.</summary>
public enum CheckpointFileFormat
{
    /// <summary>A <c>torch.save</c> zip archive (<c>.pth</c>, <c>.pt</c>, <c>.bin</c>).</summary>
    TorchZip,

    /// <summary>A safetensors file.</summary>
    SafeTensors,
}
