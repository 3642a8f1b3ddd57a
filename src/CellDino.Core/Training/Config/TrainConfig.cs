using System.Text.Json.Serialization;
using CellDino.Core.Losses;

namespace CellDino.Core.Training.Config;

/// <summary>The <c>train</c> section: batch, epoch length, teacher normalization, seed, checkpoints.</summary>
public sealed record TrainConfig
{
    /// <summary>Images per step (DINOv2 names it per GPU; CellDino trains on one device).</summary>
    public int BatchSizePerGpu { get; init; } = 16;

    /// <summary>Iterations per "epoch" (DINOv2's <c>OFFICIAL_EPOCH_LENGTH</c>); schedules are expressed in these epochs.</summary>
    public int OfficialEpochLength { get; init; } = 1250;

    /// <summary>Teacher normalization: <c>centering</c> (Cell-DINO) or <c>sinkhorn_knopp</c>.</summary>
    [JsonConverter(typeof(ConfigEnumConverter<TeacherNormalization>))]
    public TeacherNormalization Centering { get; init; } = TeacherNormalization.Centering;

    /// <summary>Seed of every random draw (initialization, data order, augmentation, masks).</summary>
    public int Seed { get; init; }

    /// <summary>Write a checkpoint every this many iterations (0: only at the end).</summary>
    public int SaveckpFreq { get; init; } = 1000;

    /// <summary>Compute the effective rank of the teacher's class tokens every this many iterations (the other health signals come every step).</summary>
    public int HealthEvery { get; init; } = 10;

    /// <summary>
    /// Consecutive iterations a health signal must stay in its collapse band before the run warns (see
    /// <see cref="CollapseDetector"/>); long enough that the start of a full-size run, which begins near ln K, does not warn.
    /// </summary>
    public int CollapsePatience { get; init; } = 1000;

    /// <summary>End the run (after a checkpoint) with <see cref="TrainingCollapsedException"/> when a collapse warning is raised.</summary>
    public bool StopOnCollapse { get; init; }

    /// <summary>Use bf16 compute with fp32 master weights on CUDA (ignored on CPU, which trains in fp32).</summary>
    public bool Bf16OnCuda { get; init; } = true;
}
