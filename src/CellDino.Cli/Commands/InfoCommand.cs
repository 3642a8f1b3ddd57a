using System.CommandLine;
using CellDino.Core;
using TorchSharp;

namespace CellDino.Cli.Commands;

/// <summary><c>celldino info</c>: versions and devices.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("info", "Print the CellDino, TorchSharp and libtorch versions and the devices available.\n\nExample:\n  celldino info");
        command.SetAction(_ => CliApp.Guard(context, () =>
        {
            context.Out.WriteLine($"CellDino      {CellDinoVersion.Informational}");
            context.Out.WriteLine($"TorchSharp    {typeof(torch).Assembly.GetName().Version}");
            context.Out.WriteLine($".NET          {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            TorchRuntime.EnsureLoaded();
            context.Out.WriteLine($"libtorch      {torch.__version__}");
            context.Out.WriteLine($"CPU threads   {torch.get_num_threads()}");
            context.Out.WriteLine($"MKL dispatch  {TorchRuntime.MklDispatch}");
            context.Out.WriteLine($"memory        {TorchRuntime.NativeMemory}");
            context.Out.WriteLine($"CUDA          {(torch.cuda.is_available() ? $"yes, {torch.cuda.device_count()} device(s)" : "no (add TorchSharp-cuda-linux and a GPU for --device cuda)")}");
            context.Out.WriteLine($"default       {Devices.Default()}");
            return 0;
        }));
        return command;
    }

}
