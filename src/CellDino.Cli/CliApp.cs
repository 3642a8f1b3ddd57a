using System.CommandLine;
using CellDino.Cli.Commands;
using CellDino.Cli.Infrastructure;
using CellDino.Core;
using CellDino.Core.Checkpoints;
using CellDino.Core.Training;
using CellDino.Data;

namespace CellDino.Cli;

/// <summary>Command dispatch for <c>celldino</c>.</summary>
public static class CliApp
{
    /// <summary>Parses and runs a command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(stdout, stderr, cancellationToken);
        var root = new RootCommand(
            "celldino: Cell-DINO self-supervised ViTs for fluorescence microscopy. Pretrain, embed and evaluate from the command line.\n" +
            "Start with `celldino demo` (synthetic cells, CPU, a few minutes); `celldino <command> --help` shows each command's examples.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(SynthCommand.Create(context));
        root.Subcommands.Add(PretrainCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(ProfileCommand.Create(context));
        root.Subcommands.Add(PlotCommand.Create(context));
        root.Subcommands.Add(InfoCommand.Create(context));
        var parsed = root.Parse(args);
        int code = parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null });
        // System.CommandLine reports a parse error (unknown option, missing value) with exit code 1; ours is 2.
        return parsed.Errors.Count > 0 && code == 1 ? ExitCodes.BadInput : code;
    }

    /// <summary>Runs a command body, turning known failures into one clear message and an exit code.</summary>
    internal static int Guard(CliContext context, Func<int> body)
    {
        try
        {
            try
            {
                return body();
            }
            catch (AggregateException ex) when (ex.Flatten().InnerExceptions is [var single])
            {
                // Parallel loops wrap the one real failure (e.g. an undecodable image named in a DataFormatException).
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(single).Throw();
                throw;
            }
        }
        catch (OperationCanceledException)
        {
            if (!Console.IsErrorRedirected) context.Err.WriteLine(); // end the progress bar's line first
            context.Err.WriteLine("celldino: cancelled; finished outputs are complete, unfinished ones were not written.");
            return ExitCodes.Cancelled;
        }
        catch (TorchRuntimeException ex)
        {
            context.Err.WriteLine($"celldino: {OneLine(ex)}");
            return ExitCodes.RuntimeMissing;
        }
        catch (NonFiniteLossException ex)
        {
            context.Err.WriteLine($"celldino: {OneLine(ex)}");
            return ExitCodes.Diverged;
        }
        catch (TrainingCollapsedException ex)
        {
            context.Err.WriteLine($"celldino: {OneLine(ex)}");
            return ExitCodes.Collapsed;
        }
        catch (FileWriteException ex)
        {
            // "cannot write <target>: <reason>": outputs written before it are complete (atomic writes).
            context.Err.WriteLine($"celldino: {OneLine(ex)}");
            return ExitCodes.InputOutput;
        }
        catch (Exception ex) when (ex is CliError or DataFormatException or CheckpointFormatException or ArgumentException
                                       or FormatException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                                       or InvalidOperationException)
        {
            context.Err.WriteLine($"celldino: {OneLine(ex)}");
            return ex is CliError c ? c.ExitCode : ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // A permission refused, a vanished network share: outputs written so far are complete (atomic writes).
            context.Err.WriteLine($"celldino: cannot read or write a file: {OneLine(ex)}");
            return ExitCodes.InputOutput;
        }
        catch (Exception ex)
        {
            context.Err.WriteLine($"celldino: internal error ({ex.GetType().Name}): {OneLine(ex)}");
            context.Err.WriteLine("Please report this with the command line you ran.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The message as one line, without the " (Parameter 'x')" that .NET appends to an <see cref="ArgumentException"/>:
    /// the user named a file or an option, not a parameter of a method they never called.
    /// </summary>
    internal static string OneLine(Exception ex)
    {
        var message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
            message = message[..^$" (Parameter '{name}')".Length];
        return string.Join(' ', message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}

/// <summary>Where a command writes and how it is cancelled.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Err, CancellationToken Token);
