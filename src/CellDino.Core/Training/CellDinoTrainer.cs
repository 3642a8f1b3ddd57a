using System.Diagnostics;
using CellDino.Core.Augmentation;
using CellDino.Core.Heads;
using CellDino.Core.Losses;
using CellDino.Core.Models;
using CellDino.Core.Training.Config;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CellDino.Core.Training;

/// <summary>
/// Cell-DINO self-distillation (DINOv2's <c>SSLMetaArch</c> + <c>train.py</c>): a student ViT and DINO head learn to
/// match an EMA teacher across 2 global and n local crops (DINO loss), masked global-crop patches (iBOT loss, head
/// shared) and a KoLeo spread of the student's class tokens. The whole training step reads top to bottom in <c>StepCore</c>, numbered 1–6.
/// </summary>
public sealed partial class CellDinoTrainer : IDisposable
{
    private readonly TrainerOptions _options;
    private readonly ILogger _logger;
    private readonly DinoLoss _dinoLoss;
    private readonly IbotPatchLoss _ibotLoss;
    private readonly KoLeoLoss _koleo = new();
    private readonly IbotMaskCollator _maskCollator;
    private readonly CellDinoSchedules _schedules;
    private readonly FlatParameters _flat;
    private readonly AdamW _adamw;
    private readonly (ComputeCopy Student, ComputeCopy Teacher)? _bf16;
    private MultiCropAugmentation? _augmentation;
    private string? _lastCheckpoint;

    /// <summary>Builds student and teacher (identical at start) from <paramref name="config"/>, seeded by <c>train.seed</c>.</summary>
    public CellDinoTrainer(CellDinoConfig config, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        _options = options ?? new TrainerOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        TorchRuntime.EnsureLoaded();
        Device = _options.Device ?? Devices.Default();
        int seed = config.Train.Seed;

        var vit = config.CreateVitConfig();
        StudentBackbone = new VisionTransformer(vit, seed);
        TeacherBackbone = new VisionTransformer(vit with { DropPathRate = 0 }, seed);
        var headConfig = new DinoHeadConfig
        {
            InDim = vit.EmbedDim, OutDim = config.Dino.HeadNPrototypes, HiddenDim = config.Dino.HeadHiddenDim,
            BottleneckDim = config.Dino.HeadBottleneckDim, NumLayers = config.Dino.HeadNlayers,
        };
        StudentHead = new DinoHead(headConfig, seed + 1);
        TeacherHead = new DinoHead(headConfig, seed + 1);
        foreach (var m in new nn.Module[] { StudentBackbone, TeacherBackbone, StudentHead, TeacherHead }) m.to(Device);
        TeacherBackbone.eval();
        TeacherHead.eval();
        foreach (var (_, p) in TeacherBackbone.named_parameters().Concat(TeacherHead.named_parameters())) p.requires_grad = false;

        _dinoLoss = new DinoLoss(config.Dino.HeadNPrototypes);
        _ibotLoss = new IbotPatchLoss(config.Dino.HeadNPrototypes);
        _dinoLoss.to(Device);
        _ibotLoss.to(Device);
        _maskCollator = new IbotMaskCollator(MaskingGenerator.ForTraining(config.Crops.GlobalCropsSize, config.Student.PatchSize), config.Ibot.MaskSampleProbability,
            config.Ibot.MaskRatioMinMax[0], config.Ibot.MaskRatioMinMax[1]);

        // Parameter groups as contiguous segments of one flat buffer per role (backbone groups first, then the head), so
        // that AdamW, gradient clipping per module and the EMA each run over a handful of tensors, not one per parameter.
        var groups = ParameterGroups.Build(StudentBackbone, StudentHead, null,
            new ParameterGroupOptions { LayerwiseDecay = config.Optim.LayerwiseDecay, PatchEmbedLrMultiplier = config.Optim.PatchEmbedLrMult });
        var teacherByName = TeacherBackbone.named_parameters().Select(x => ("backbone." + x.name, x.parameter))
            .Concat(TeacherHead.named_parameters().Select(x => ("dino_head." + x.name, x.parameter)))
            .ToDictionary(x => x.Item1, x => x.parameter, StringComparer.Ordinal);
        int trainable = StudentBackbone.parameters().Concat(StudentHead.parameters()).Count(p => p.requires_grad);
        if (groups.Sum(g => g.Entries.Count) != trainable)
            throw new InvalidOperationException($"Parameter groups cover {groups.Sum(g => g.Entries.Count)} of the student's {trainable} parameters.");
        _flat = FlatParameters.ForStudentAndTeacher(groups, teacherByName);
        using (no_grad()) _flat.Teacher.copy_(_flat.Student);
        bool bf16 = _options.Precision == TrainingPrecision.BFloat16 ||
                    (_options.Precision == TrainingPrecision.Auto && config.Train.Bf16OnCuda && Device.type == DeviceType.CUDA);
        if (bf16)
            _bf16 = (new ComputeCopy(_flat, vit, headConfig, Device, _options.ComputeCopyDtype, trainable: true),
                     new ComputeCopy(_flat, vit with { DropPathRate = 0 }, headConfig, Device, _options.ComputeCopyDtype, trainable: false));
        _adamw = new AdamW([_flat.Student], config.Optim.AdamwBeta1, config.Optim.AdamwBeta2);
        CollapseDetector = new CollapseDetector(config.Train.CollapsePatience, config.Dino.HeadNPrototypes, config.Train.BatchSizePerGpu);

        _schedules = CellDinoSchedules.Build(config);
        StudentBackbone.train();
        StudentHead.train();
    }

    /// <summary>The configuration in force.</summary>
    public CellDinoConfig Config { get; }

    /// <summary>Where the networks live.</summary>
    public Device Device { get; }

    /// <summary>The student backbone (trained by gradients).</summary>
    public VisionTransformer StudentBackbone { get; }

    /// <summary>The teacher backbone (EMA of the student): the network to embed with after training.</summary>
    public VisionTransformer TeacherBackbone { get; }

    /// <summary>The student's DINO head (shared with iBOT).</summary>
    public DinoHead StudentHead { get; }

    /// <summary>The teacher's DINO head.</summary>
    public DinoHead TeacherHead { get; }

    /// <summary>The precision the step computes in (fp32 master weights either way).</summary>
    public TrainingPrecision Precision => _bf16 is null ? TrainingPrecision.Float32 : TrainingPrecision.BFloat16;

    /// <summary>Iterations completed.</summary>
    public long Iteration { get; private set; }

    /// <summary>Total iterations of the configured run.</summary>
    public long TotalIterations => Config.TotalIterations;

    /// <summary>
    /// Trains from <see cref="Iteration"/> to the end of the run (or <see cref="TrainerOptions.StopAtIteration"/>),
    /// writing checkpoints every <c>train.saveckp_freq</c> iterations and at the end. Cancellation writes a checkpoint
    /// of the last completed step, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Train(ITrainingImageSource source, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Channels != Config.Student.InChans)
            throw new ArgumentException($"The image source has {source.Channels} channels but student.in_chans is {Config.Student.InChans}.");
        long end = Math.Min(_options.StopAtIteration ?? TotalIterations, TotalIterations);
        var clock = Stopwatch.StartNew();
        long startIteration = Iteration;
        _logger.LogInformation("Training from iteration {Start} to {End} on {Device}", startIteration, end, Device);
        while (Iteration < end)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpointIfConfigured();
                cancellationToken.ThrowIfCancellationRequested();
            }
            long it = Iteration;
            Tensor fetched;
            try
            {
                fetched = source.GetBatch(it, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while waiting for the loader: the last completed step still gets its checkpoint.
                SaveCheckpointIfConfigured();
                throw;
            }
            using var raw = fetched;
            TrainingProgress report;
            using (NoGcRegion.Begin())
                report = Step(raw, it, source.SourceMax);
            double rate = (it + 1 - startIteration) * (double)source.BatchSize / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            progress?.Report(report with
            {
                ImagesPerSecond = rate,
                Eta = TimeSpan.FromSeconds((end - Iteration) * source.BatchSize / Math.Max(rate, 1e-9)),
            });
            if (report.Collapse is { } collapse && Config.Train.StopOnCollapse)
            {
                SaveCheckpointIfConfigured();
                throw new TrainingCollapsedException(collapse, _options.OutputDirectory is null ? null : _lastCheckpoint);
            }
            int every = Config.Train.SaveckpFreq;
            if (every > 0 && Iteration % every == 0 && Iteration < end) SaveCheckpointIfConfigured();
        }
        SaveCheckpointIfConfigured();
        _logger.LogInformation("Training stopped at iteration {Iteration} after {Seconds:F1} s", Iteration, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One training step on raw images <c>[B, C, H, W]</c> (source units) for iteration <paramref name="iteration"/>.
    /// Every random draw (crops, masks, drop path) is seeded from (train.seed, iteration), so a resumed run repeats
    /// exactly what an uninterrupted one does.
    /// </summary>
    public TrainingProgress Step(Tensor rawImages, long iteration, double sourceMax)
    {
        ArgumentNullException.ThrowIfNull(rawImages);
        using var scope = NewDisposeScope();
        long stepSeed = StepSeed(iteration);
        using var generator = new Generator((ulong)stepSeed);
        using var dropPathGenerator = new Generator((ulong)stepSeed ^ 0x5DEECE66DUL, Device);
        var computeStudent = _bf16?.Student.Backbone ?? StudentBackbone;
        computeStudent.SetDropPathGenerator(dropPathGenerator);
        try
        {
            return StepCore(rawImages, iteration, sourceMax, generator, stepSeed);
        }
        finally
        {
            computeStudent.SetDropPathGenerator(null);
        }
    }

    private TrainingProgress StepCore(Tensor rawImages, long iteration, double sourceMax, Generator generator, long stepSeed)
    {
        var random = new Random((int)(stepSeed & 0x7fffffff));
        int b = (int)rawImages.shape[0];
        int nLocal = Config.Crops.LocalCropsNumber;

        // 1. Schedules for this iteration.
        double lr = _schedules.Lr[iteration], wd = _schedules.WeightDecay[iteration];
        double momentum = _schedules.Momentum[iteration], teacherTemp = _schedules.TeacherTemp[iteration];
        double lastLayerLr = _schedules.LastLayerLr[iteration];

        // 2. Multi-crop augmentation on the device, and iBOT masks for the 2B global crops.
        var crops = Augmentation(sourceMax).Apply(rawImages.to(ScalarType.Float32, Device), generator);
        var masks = _maskCollator.Collate(2 * b, random, Device);
        bool ibot = Config.Ibot.LossWeight > 0 && masks.MaskIndices.numel() > 0;

        // Mixed precision: bf16 copies of the fp32 master weights compute the passes; softmax, losses and updates stay fp32.
        var (studentBackbone, studentHead, teacherBackbone, teacherHead) = (StudentBackbone, StudentHead, TeacherBackbone, TeacherHead);
        var globalCrops = crops.GlobalCrops;
        var localCrops = crops.LocalCrops;
        if (_bf16 is var (cs, ct))
        {
            cs.CopyFrom(_flat.Student);
            ct.CopyFrom(_flat.Teacher);
            (studentBackbone, studentHead, teacherBackbone, teacherHead) = (cs.Backbone, cs.Head, ct.Backbone, ct.Head);
            globalCrops = globalCrops.to(cs.Flat.dtype);
            localCrops = localCrops.to(cs.Flat.dtype);
        }

        // 3. Teacher: unmasked global crops -> class tokens (swapped crop order) and masked patch tokens -> head -> targets.
        TeacherTargets targets;
        List<Tensor> health;
        using (no_grad())
        {
            var t = teacherBackbone.ForwardFeatures(globalCrops);
            var tCls = SslLossCombination.SwapGlobalCrops(t.ClsToken);
            var tHeadIn = ibot ? cat([tCls, t.PatchTokens.flatten(0, 1).index_select(0, masks.MaskIndices)], 0) : tCls;
            var tOut = teacherHead.forward(tHeadIn).to(ScalarType.Float32);
            targets = SslLossCombination.ComputeTeacherTargets(_dinoLoss, ibot ? _ibotLoss : null, Config.Train.Centering,
                tOut[..(2 * b)], ibot ? tOut[(2 * b)..] : null, teacherTemp);
            int every = Config.Train.HealthEvery;
            health = HealthSignals.Measure(targets.Dino, t.ClsToken, _dinoLoss.Center, iteration % every == every - 1);
        }

        // 4. Student: masked global crops and local crops -> shared head.
        var s = studentBackbone.ForwardFeatures(globalCrops, ibot ? masks.Masks : null);
        // One head call over [global class tokens, masked patch tokens, local class tokens], as DINOv2 does.
        var headInputs = new List<Tensor> { s.ClsToken };
        if (ibot) headInputs.Add(s.PatchTokens.flatten(0, 1).index_select(0, masks.MaskIndices));
        if (nLocal > 0) headInputs.Add(studentBackbone.ForwardFeatures(localCrops).ClsToken);
        var headOut = studentHead.forward(cat(headInputs, 0)).to(ScalarType.Float32);
        long nMasked = ibot ? masks.MaskIndices.shape[0] : 0;
        var sOut = headOut[..(int)(2 * b + nMasked)];
        Tensor? sLocal = nLocal > 0 ? headOut[(int)(2 * b + nMasked)..] : null;

        // 5. Losses, combined as SSLMetaArch.forward_backward does.
        using var terms = SslLossCombination.Combine(new SslLossInputs
        {
            TeacherDinoTargets = targets.Dino,
            StudentGlobalCls = sOut[..(2 * b)],
            StudentLocalCls = sLocal,
            NumLocalCrops = nLocal,
            StudentGlobalClsBackbone = s.ClsToken.to(ScalarType.Float32),
            StudentMaskedPatches = ibot ? sOut[(2 * b)..] : null,
            TeacherIbotTargets = targets.Ibot,
            Masks = ibot ? masks.Masks : null,
            MasksWeight = ibot ? masks.MasksWeight : null,
        }, _dinoLoss, ibot ? _ibotLoss : null, _koleo, new SslLossWeights
        {
            Dino = Config.Dino.LossWeight, Ibot = ibot ? Config.Ibot.LossWeight : 0, Koleo = Config.Dino.KoleoLossWeight,
        });
        var (logged, healthValues) = ToHost(terms, health);
        double total = logged["total_loss"];
        var stepHealth = ReadHealth(healthValues, logged, (int)s.ClsToken.shape[1]);
        if (!double.IsFinite(total)) throw new NonFiniteLossException(iteration, logged, _lastCheckpoint);

        // 6. Backward (straight into the flat gradient), gradient clipping per module (backbone, head), AdamW, EMA, centers.
        _flat.ZeroGrad();
        terms.Total.backward();
        using (no_grad())
        {
            _flat.GatherGradient();
            _flat.ClipPerModule(Config.Optim.ClipGrad);
            _adamw.UpdateMoments([_flat.Grad]);
            foreach (var g in _flat.Segments)
                _adamw.Apply(0, (g.IsLastLayer ? lastLayerLr : lr) * g.LrMultiplier, wd * g.WdMultiplier, g.Start, g.Length);
            EmaUpdater.Update(_flat, momentum);
            _dinoLoss.ApplyCenterUpdate();
            _ibotLoss.ApplyCenterUpdate();
        }
        Iteration = iteration + 1;
        var collapse = CollapseDetector.Observe(iteration, stepHealth);
        if (collapse is not null) _logger.LogWarning("{Collapse}", collapse.Message);
        return new TrainingProgress
        {
            Iteration = iteration, TotalIterations = TotalIterations, Loss = total, Terms = logged,
            LearningRate = lr, WeightDecay = wd, Momentum = momentum, TeacherTemperature = teacherTemp,
            Health = stepHealth, Collapse = collapse, ActiveCollapses = CollapseDetector.Active,
        };
    }

    private long StepSeed(long iteration) => unchecked(Config.Train.Seed * 1_000_003L + iteration * 7919L + 17);

    private MultiCropAugmentation Augmentation(double sourceMax)
    {
        if (_augmentation is null || _augmentation.InputDivisor != sourceMax) _augmentation = new MultiCropAugmentation(Config.Crops, sourceMax);
        return _augmentation;
    }

    /// <summary>Releases the networks and optimizer state.</summary>
    public void Dispose()
    {
        _adamw.Dispose();
        _flat.Dispose();
        _bf16?.Student.Dispose();
        _bf16?.Teacher.Dispose();
        StudentBackbone.Dispose();
        TeacherBackbone.Dispose();
        StudentHead.Dispose();
        TeacherHead.Dispose();
        _dinoLoss.Dispose();
        _ibotLoss.Dispose();
        _koleo.Dispose();
    }
}
