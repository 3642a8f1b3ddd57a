using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CellDino.Benchmarks.Infrastructure;
using CellDino.Eval.Embedding;
using CellDino.Eval.Visualization;

namespace CellDino.Benchmarks.Modes;

/// <summary>
/// <c>umap-time &lt;n&gt; [dim=64] [data.npy] [layout.npy]</c>: the CellDino side of the UMAP comparison with umap-learn
/// (docs/benchmarks.md, "UMAP at 5k / 20k / 100k points"). Reads an [n, dim] little-endian float32 C-order .npy (the file
/// the Python side times on), or without one generates Gaussian blobs; warms up on 1000 rows, then times
/// <see cref="Umap.FitTransform(EmbeddingSet, UmapOptions?)"/> with default options and prints one JSON line with the
/// seconds per stage and the 1-minute load. The layout is written as an [n, 2] float32 .npy when a path is given.
/// </summary>
public static class UmapTimer
{
    public static int Run(string[] args)
    {
        var c = CultureInfo.InvariantCulture;
        if (args.Length < 1 || !int.TryParse(args[0], NumberStyles.None, c, out int n) || n < 3)
        {
            Console.Error.WriteLine("umap-time: expected <n> (at least 3) [dim] [data.npy] [layout.npy]");
            return 2;
        }
        int dim = args.Length > 1 ? int.Parse(args[1], c) : 64;
        var features = args.Length > 2 ? ReadNpy(args[2], n, dim) : Blobs(n, dim);
        if (features is null) return 2;
        Core.ThreadingPolicy.Apply(); // as the celldino commands do
        var set = new EmbeddingSet(features, dim);
        Umap.FitTransform(new EmbeddingSet(features.AsSpan(0, Math.Min(n, 1000) * dim).ToArray(), dim));
        double load = MachineLoad.OneMinute();
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var layout = Umap.FitTransform(set, null, (name, t) => stages[name] = Math.Round(t.TotalSeconds, 2));
        double seconds = clock.Elapsed.TotalSeconds;
        if (args.Length > 3) WriteNpy(args[3], layout);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["side"] = "celldino", ["n"] = n, ["dim"] = dim, ["seconds"] = Math.Round(seconds, 2), ["stages"] = stages,
            ["load1_before"] = load, ["load1_after"] = MachineLoad.OneMinute(), ["cores"] = Core.ThreadingPolicy.Cores,
            ["torch_threads"] = TorchSharp.torch.get_num_threads(),
        }));
        return 0;
    }

    /// <summary>Ten unit-variance blobs around centres ~N(0, 6²) (when no data file is given).</summary>
    private static float[] Blobs(int n, int dim)
    {
        var rng = new Random(0);
        double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var centres = Enumerable.Range(0, 10 * dim).Select(_ => 6 * G()).ToArray();
        var x = new float[(long)n * dim];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dim; j++) x[(long)i * dim + j] = (float)(centres[i % 10 * dim + j] + G());
        return x;
    }

    /// <summary>An [n, dim] '&lt;f4' C-order .npy, checked against n and dim and the file length before anything is allocated.</summary>
    private static float[]? ReadNpy(string path, int n, int dim)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        var magic = reader.ReadBytes(8);
        if (magic.Length < 8 || magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY" || magic[6] is < 1 or > 3)
        {
            Console.Error.WriteLine($"{path}: not a .npy file (expected the \\x93NUMPY magic, format 1-3)");
            return null;
        }
        int headerLength = magic[6] == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        if (headerLength is < 0 or > 65536)
        {
            Console.Error.WriteLine($"{path}: .npy header of {headerLength} bytes (expected at most 65536)");
            return null;
        }
        string header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength)).Replace(" ", "", StringComparison.Ordinal);
        string shape = $"'shape':({n},{dim})";
        long bytes = 4L * n * dim;
        if (!header.Contains("'descr':'<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order':False", StringComparison.Ordinal)
            || !header.Contains(shape, StringComparison.Ordinal) || stream.Length - stream.Position != bytes)
        {
            Console.Error.WriteLine($"{path}: expected a C-order '<f4' array of shape ({n}, {dim}) with {bytes} data bytes, header {header.Trim()}");
            return null;
        }
        var x = new float[(long)n * dim];
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()));
        return x;
    }

    private static void WriteNpy(string path, float[,] layout)
    {
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({layout.GetLength(0)}, {layout.GetLength(1)}), }}";
        int pad = 64 - (10 + dict.Length + 1) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', pad % 64) + "\n");
        var bytes = new byte[layout.Length * sizeof(float)];
        Buffer.BlockCopy(layout, 0, bytes, 0, bytes.Length);
        Core.AtomicFile.Write(path, stream =>
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(header);
            stream.Write(bytes);
        });
    }
}
