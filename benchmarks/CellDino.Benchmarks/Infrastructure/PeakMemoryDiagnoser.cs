using System.Collections.Concurrent;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace CellDino.Benchmarks.Infrastructure;

/// <summary>
/// Peak resident set of the benchmark process during the measured iterations of each case: the high-water mark is
/// reset before the actual run and read after it, so it covers the model, its activations and native buffers. Also the
/// machine's 1-minute load average at the end of each case's measured run: on a shared machine a figure is only
/// comparable with others measured at a similar load.
/// </summary>
public sealed class PeakMemoryDiagnoser : IDiagnoser
{
    private readonly ConcurrentDictionary<BenchmarkCase, (long? Peak, long? End, double Load)> _results = new();

    /// <summary>The one instance the config adds.</summary>
    public static PeakMemoryDiagnoser Instance { get; } = new();

    /// <inheritdoc />
    public IEnumerable<string> Ids => ["PeakWorkingSet"];

    /// <inheritdoc />
    public IEnumerable<IExporter> Exporters => [];

    /// <inheritdoc />
    public IEnumerable<IAnalyser> Analysers => [];

    /// <inheritdoc />
    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    /// <inheritdoc />
    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        int pid = parameters.Process.Id;
        if (signal == HostSignal.BeforeActualRun) ProcessMemory.ResetPeak(pid);
        else if (signal == HostSignal.AfterActualRun)
            _results[parameters.BenchmarkCase] = (ProcessMemory.PeakWorkingSet(pid), ProcessMemory.WorkingSet(pid), MachineLoad.OneMinute());
    }

    /// <inheritdoc />
    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        if (!_results.TryGetValue(results.BenchmarkCase, out var r)) yield break;
        if (r.Peak is { } peak) yield return new Metric(PeakDescriptor.Instance, peak / 1048576.0);
        if (r.End is { } end) yield return new Metric(EndDescriptor.Instance, end / 1048576.0);
        if (!double.IsNaN(r.Load)) yield return new Metric(LoadDescriptor.Instance, r.Load);
    }

    /// <inheritdoc />
    public void DisplayResults(ILogger logger) { }

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private sealed class PeakDescriptor : IMetricDescriptor
    {
        public static readonly PeakDescriptor Instance = new();
        public string Id => "PeakWorkingSet";
        public string DisplayName => "Peak WS MiB";
        public string Legend => "Peak resident set (VmHWM) of the process during the measured iterations";
        public string NumberFormat => "0.0";
        public UnitType UnitType => UnitType.Dimensionless;
        public string Unit => "MiB";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 0;
        public bool GetIsAvailable(Metric metric) => true;
    }

    private sealed class EndDescriptor : IMetricDescriptor
    {
        public static readonly EndDescriptor Instance = new();
        public string Id => "EndWorkingSet";
        public string DisplayName => "End WS MiB";
        public string Legend => "Resident set (VmRSS) of the process after the measured iterations";
        public string NumberFormat => "0.0";
        public UnitType UnitType => UnitType.Dimensionless;
        public string Unit => "MiB";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 1;
        public bool GetIsAvailable(Metric metric) => true;
    }

    private sealed class LoadDescriptor : IMetricDescriptor
    {
        public static readonly LoadDescriptor Instance = new();
        public string Id => "MachineLoad";
        public string DisplayName => "Load";
        public string Legend => "The machine's 1-minute load average (/proc/loadavg) at the end of the case's measured run";
        public string NumberFormat => "0.00";
        public UnitType UnitType => UnitType.Dimensionless;
        public string Unit => "";
        public bool TheGreaterTheBetter => false;
        public int PriorityInCategory => 2;
        public bool GetIsAvailable(Metric metric) => true;
    }
}
