using System.CommandLine;

namespace CellDino.Cli.Infrastructure;

/// <summary>The one <c>--device</c> option of every command, with help that says what this build can run on.</summary>
internal static class DeviceOption
{
    public const string Description =
        "auto, cpu, cuda or cuda:N. This celldino build ships libtorch's CPU backend (libtorch-cpu-linux-x64), so auto " +
        "means the CPU and cuda fails with a message; a GPU needs the tool built against TorchSharp-cuda-linux (docs/gpu.md).";

    public static Option<string> Create() => new("--device") { Description = Description, DefaultValueFactory = _ => "auto" };
}
