namespace CellDino.Core.Checkpoints;

/// <summary>
/// How <see cref="CheckpointLoader"/> turns a checkpoint's keys into a module's state-dict keys.
/// </summary>
/// <remarks>
/// The defaults load a backbone from any of the layouts DINOv2 and Cell-DINO produce: a released flat
/// (possibly block-chunked) backbone, a training <c>teacher_checkpoint.pth</c>
/// (<c>{"teacher": {"backbone.*", "dino_head.*"}, "iteration"}</c>), a <c>{"model": …}</c> or
/// <c>{"state_dict": …}</c> wrapper, or a DDP state dict with <c>module.</c> prefixes.
/// </remarks>
public sealed record CheckpointLoadOptions
{
    /// <summary>Wrapper names tried, in order, when <see cref="Wrapper"/> is null.</summary>
    public static IReadOnlyList<string> AutoWrappers { get; } = ["teacher", "model", "state_dict"];

    /// <summary>
    /// The top-level entry holding the state dict (<c>"teacher"</c>, <c>"student"</c>, <c>"model"</c>, …).
    /// Null (default): the first of <see cref="AutoWrappers"/> that the file has, else the whole file.
    /// Empty: the whole file.
    /// </summary>
    public string? Wrapper { get; init; }

    /// <summary>
    /// The sub-module whose keys to keep (<c>"backbone"</c>, <c>"dino_head"</c>, <c>"ibot_head"</c>, …); keys
    /// outside it are dropped. Null (default): <c>"backbone"</c> when any key starts with <c>backbone.</c>,
    /// else every key. Empty: every key.
    /// </summary>
    public string? Component { get; init; }

    /// <summary>
    /// Remove the wrapper and component prefixes and any <c>module.</c> (DistributedDataParallel) prefix from
    /// the kept keys (default true). False keeps the file's full names, for inspection.
    /// </summary>
    public bool StripPrefixes { get; init; } = true;

    /// <summary>
    /// Rename block-chunked keys <c>blocks.{chunk}.{i}.…</c> (DINOv2 <c>block_chunks &gt; 0</c>, as in the
    /// released Cell-DINO weights) to <c>blocks.{i}.…</c> (default true).
    /// </summary>
    public bool Unchunk { get; init; } = true;

    /// <summary>The defaults: the backbone, prefixes stripped, blocks unchunked.</summary>
    public static CheckpointLoadOptions Backbone { get; } = new();

    /// <summary>The DINO head of a training checkpoint (<c>dino_head.*</c> keys, prefix stripped).</summary>
    public static CheckpointLoadOptions DinoHead { get; } = new() { Component = "dino_head" };

    /// <summary>Every tensor under its name in the file: no selection, stripping or renaming.</summary>
    public static CheckpointLoadOptions Raw { get; } = new() { Wrapper = "", Component = "", StripPrefixes = false, Unchunk = false };
}
