namespace CellDino.Data;

/// <summary>
/// The names users type for the values of a closed set (an enum), e.g. <c>cls</c>, <c>cls-mean</c> and <c>linear</c>
/// for the embedding kinds: the one place such a name becomes a value, so the CLI and configuration files share it.
/// Names match case-insensitively, surrounding white space ignored.
/// </summary>
/// <typeparam name="TEnum">The closed set.</typeparam>
public sealed class EnumNames<TEnum> where TEnum : struct, Enum
{
    private readonly (string Name, TEnum Value, string Description)[] _entries;

    /// <summary>Names each value of <paramref name="entries"/>; a value may carry a short description for messages.</summary>
    /// <exception cref="ArgumentException">No entry, an empty or repeated name, or a value named twice.</exception>
    public EnumNames(params (string Name, TEnum Value, string Description)[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Length == 0) throw new ArgumentException("Name at least one value.", nameof(entries));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var values = new HashSet<TEnum>();
        foreach (var (name, value, _) in entries)
        {
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name)) throw new ArgumentException($"The name '{name}' is empty or repeated.", nameof(entries));
            if (!values.Add(value)) throw new ArgumentException($"{typeof(TEnum).Name}.{value} is named twice.", nameof(entries));
        }
        _entries = entries.ToArray();
        Names = _entries.Select(e => e.Name).ToArray();
    }

    /// <summary>Names each value of <paramref name="entries"/>, without descriptions.</summary>
    /// <exception cref="ArgumentException">No entry, an empty or repeated name, or a value named twice.</exception>
    public EnumNames(params (string Name, TEnum Value)[] entries)
        : this((entries ?? throw new ArgumentNullException(nameof(entries))).Select(e => (e.Name, e.Value, "")).ToArray())
    {
    }

    /// <summary>The names, in the order given (the first is the conventional default).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The value named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name; the message lists the names.</exception>
    public TEnum Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var e in _entries)
            if (e.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)) return e.Value;
        throw new ArgumentException($"'{name}' is not one of {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>The name of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value without a name.</exception>
    public string NameOf(TEnum value) => Entry(value).Name;

    /// <summary>The description of <paramref name="value"/> (empty when it has none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value without a name.</exception>
    public string Describe(TEnum value) => Entry(value).Description;

    private (string Name, TEnum Value, string Description) Entry(TEnum value)
    {
        foreach (var e in _entries)
            if (EqualityComparer<TEnum>.Default.Equals(e.Value, value)) return e;
        throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name}.{value} has no name; named: {string.Join(", ", Names)}.");
    }
}
