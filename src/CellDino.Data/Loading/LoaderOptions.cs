namespace CellDino.Data.Loading;

/// <summary>How a <see cref="DataLoader"/> batches, orders and decodes samples.</summary>
public sealed record LoaderOptions
{
    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Shuffle the order each epoch (a permutation drawn from (<see cref="Seed"/>, epoch)).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the epoch permutations and of per-sample transform seeds.</summary>
    public int Seed { get; init; }

    /// <summary>Drop the last batch when it would be smaller than <see cref="BatchSize"/>.</summary>
    public bool DropLast { get; init; }

    /// <summary>Parallel decoding workers (each builds whole batches); default <see cref="Core.ThreadingPolicy.Workers"/>.</summary>
    public int WorkerCount { get; init; } = Core.ThreadingPolicy.Workers;

    /// <summary>
    /// Most batches claimed by workers but not yet handed to the consumer (back-pressure bound on
    /// memory: at most this many decoded batches exist at once besides the one being consumed).
    /// </summary>
    public int QueueCapacity { get; init; } = 4;

    /// <summary>Applied to every sample on the worker threads, before collation.</summary>
    public ISampleTransform? Transform { get; init; }

    /// <summary>Page-lock batch tensors when CUDA is present, for faster asynchronous host-to-device copies.</summary>
    public bool PinMemory { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1, got {BatchSize}.");
        if (WorkerCount < 1) throw new ArgumentException($"WorkerCount must be at least 1, got {WorkerCount}.");
        if (QueueCapacity < 1) throw new ArgumentException($"QueueCapacity must be at least 1, got {QueueCapacity}.");
    }
}
