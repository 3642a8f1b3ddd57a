using System.Globalization;

namespace CellDino.Eval.Metrics;

/// <summary>
/// Which classes a macro average runs over, scikit-learn's <c>labels</c> argument: the classes present in the truth or
/// the predictions (<see cref="Present"/>, the default: scikit-learn's <c>unique_labels</c>, and how torchmetrics-style
/// reports leave out classes a split lacks), every class of the task (<see cref="All"/>), or a chosen subset.
/// A class absent from both truth and predictions scores 0 when it is averaged over, so <see cref="All"/> on a split
/// that uses 9 of 19 classes caps a perfect macro F1 at 9/19.
/// </summary>
public sealed class ClassSubset
{
    private readonly string[]? _entries;

    private ClassSubset(string name, string[]? entries)
    {
        Name = name;
        _entries = entries;
    }

    /// <summary>The classes with a true or predicted sample in the data scored (the default).</summary>
    public static ClassSubset Present { get; } = new("present", null);

    /// <summary>Every class of the task's class list.</summary>
    public static ClassSubset All { get; } = new("all", null);

    /// <summary>How the subset was given: <c>present</c>, <c>all</c>, or the listed classes.</summary>
    public string Name { get; }

    /// <summary>The classes at these indices of the task's class list.</summary>
    /// <exception cref="ArgumentException">No class is given.</exception>
    public static ClassSubset Of(IEnumerable<int> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return Named(classes.Select(c => c.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The classes with these names (or, for an entry that is a whole number, at that index).</summary>
    /// <exception cref="ArgumentException">No class is given.</exception>
    public static ClassSubset Named(IEnumerable<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var entries = classes.Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (entries.Length == 0) throw new ArgumentException("A class subset needs at least one class.", nameof(classes));
        return new ClassSubset(string.Join(",", entries), entries);
    }

    /// <summary>
    /// <c>present</c>, <c>all</c>, a file of class names or indices (one per line or comma-separated; a class CSV with an
    /// <c>index,name</c> header contributes its names), or a comma-separated list of them.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty, or the file lists no class.</exception>
    public static ClassSubset Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("present", StringComparison.OrdinalIgnoreCase)) return Present;
        if (t.Equals("all", StringComparison.OrdinalIgnoreCase)) return All;
        if (t.Length == 0) throw new ArgumentException("Expected present, all, a file of classes or a comma-separated list of classes; got an empty value.", nameof(text));
        if (!File.Exists(t)) return Named(t.Split(','));
        var lines = File.ReadLines(t).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count > 0 && lines[0].Replace(" ", "", StringComparison.Ordinal).Equals("index,name", StringComparison.OrdinalIgnoreCase))
            return Named(Data.Readers.ClassNameList.Read(t));
        var entries = lines.SelectMany(l => l.Split(',')).ToArray();
        return entries.Any(e => e.Trim().Length > 0) ? Named(entries) : throw new ArgumentException($"The class file {t} lists no class.", nameof(text));
    }

    /// <summary>
    /// The class indices this subset stands for in <paramref name="classNames"/>, ascending; null for <see cref="Present"/>
    /// (the data decide).
    /// </summary>
    /// <exception cref="ArgumentException">A listed class is neither a name in <paramref name="classNames"/> nor an index into it; the message lists the classes.</exception>
    public int[]? Resolve(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (ReferenceEquals(this, Present)) return null;
        if (ReferenceEquals(this, All)) return Enumerable.Range(0, classNames.Count).ToArray();
        var result = new SortedSet<int>();
        foreach (var e in _entries!)
        {
            int i = IndexOf(classNames, e);
            if (i < 0)
                throw new ArgumentException($"Class '{e}' is not one of the task's {classNames.Count} classes ({string.Join(", ", classNames.Select((n, k) => $"{k} {n}"))}).");
            result.Add(i);
        }
        return [.. result];
    }

    /// <summary>The indices to average over: <see cref="Resolve"/>'s, or for <see cref="Present"/> those <paramref name="present"/> finds.</summary>
    internal int[] Columns(IReadOnlyList<string> classNames, Func<int[]> present) => Resolve(classNames) ?? present();

    /// <inheritdoc />
    public override string ToString() => Name;

    private static int IndexOf(IReadOnlyList<string> names, string entry)
    {
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], entry, StringComparison.Ordinal)) return i;
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], entry, StringComparison.OrdinalIgnoreCase)) return i;
        return int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < names.Count ? k : -1;
    }
}
