using TorchSharp;
using static TorchSharp.torch;

namespace CellDino.Core.Checkpoints;

/// <summary>
/// Copies a <see cref="StateDict"/> into a module by key (PyTorch's <c>load_state_dict</c>) and saves a
/// module's state dict as safetensors under its original key names.
/// </summary>
public static class StateDictLoader
{
    /// <summary>
    /// Copies every tensor whose key and shape match into the module's parameters and buffers, under
    /// <c>no_grad</c>, converting dtype (e.g. float16/bfloat16 to the module's float32) and device.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="stateDict">Tensors by module key, e.g. from <see cref="CheckpointLoader.LoadStateDict"/>.</param>
    /// <param name="strict">
    /// True (default): any missing, unexpected or mis-shaped key throws and nothing is copied. False: copy
    /// what matches and report the rest.
    /// </param>
    /// <returns>What matched and what did not.</returns>
    /// <exception cref="CheckpointFormatException">
    /// A strict load found a problem; the one-line message counts each kind and names the first keys,
    /// <see cref="CheckpointFormatException.Report"/> lists them all.
    /// </exception>
    public static LoadReport Load(nn.Module module, StateDict stateDict, bool strict = true) =>
        Load(module, stateDict, strict, null);

    /// <summary>Compares a state dict with a module's keys and shapes without copying anything.</summary>
    /// <returns>The report a non-strict load would give, with <see cref="LoadReport.Loaded"/> = the matching count.</returns>
    public static LoadReport Compare(nn.Module module, StateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(stateDict);
        var target = module.state_dict();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        int matched = 0;
        foreach (var (key, t) in target)
        {
            if (!stateDict.TryGetValue(key, out var src)) missing.Add(key);
            else if (!src.shape.SequenceEqual(t.shape)) mismatched.Add(new ShapeMismatch(key, t.shape, src.shape));
            else matched++;
        }
        var unexpected = stateDict.Keys.Where(k => !target.ContainsKey(k)).ToList();
        return new LoadReport(missing, unexpected, mismatched, matched);
    }

    /// <summary>
    /// Saves the module's state dict (parameters and buffers, original key names, state-dict order) to a
    /// safetensors file, atomically.
    /// </summary>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        SafeTensors.Write(path, module.state_dict(), new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary><see cref="Load(nn.Module, StateDict, bool)"/> naming <paramref name="source"/> in messages.</summary>
    internal static LoadReport Load(nn.Module module, StateDict stateDict, bool strict, string? source)
    {
        var report = Compare(module, stateDict);
        if (strict && !report.IsClean)
            throw new CheckpointFormatException(source, $"state dict does not fit {module.GetName()} (strict load, nothing copied): {report.Summary()}", report);
        var target = module.state_dict();
        int loaded = 0;
        using (no_grad())
        {
            foreach (var (key, t) in target)
            {
                if (!stateDict.TryGetValue(key, out var src) || !src.shape.SequenceEqual(t.shape)) continue;
                t.copy_(src);
                loaded++;
            }
        }
        return report with { Loaded = loaded };
    }
}
