using System.Globalization;
using CellDino.Data.Samples;
using Parquet;
using Parquet.Schema;

namespace CellDino.Eval.Embedding;

/// <summary>The Parquet type of an extra metadata column.</summary>
internal enum ExtraColumnType
{
    String,
    Int64,
    Double,
    Bool,
}

/// <summary>
/// One <see cref="SampleMetadata.Extra"/> key as a Parquet column, typed as pandas would read the CSV it came from:
/// int64 when every value is a whole number, double when every value is a number, bool when every value is true/false,
/// else string. An empty value is a missing one; a whole number written with leading zeros (<c>007</c>, a barcode) keeps
/// the column a string, so no identifier loses digits.
/// </summary>
internal sealed record ExtraColumn(string Column, string Key, ExtraColumnType Type)
{
    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Float = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public DataField Field() => Type switch
    {
        ExtraColumnType.Int64 => new DataField<long?>(Column),
        ExtraColumnType.Double => new DataField<double?>(Column),
        ExtraColumnType.Bool => new DataField<bool?>(Column),
        _ => new DataField<string>(Column, true),
    };

    /// <summary>Streaming type inference: <see cref="Add"/> each value of the column, then read <see cref="Type"/>.</summary>
    public sealed class Inference
    {
        private bool _int = true, _double = true, _bool = true, _any;

        public void Add(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            _any = true;
            if (_int) _int = long.TryParse(value, Integer, CultureInfo.InvariantCulture, out _) && !LeadingZero(value);
            if (_double) _double = double.TryParse(value, Float, CultureInfo.InvariantCulture, out _) && !LeadingZero(value);
            if (_bool) _bool = bool.TryParse(value, out _) && value.Trim() == value;
        }

        public ExtraColumnType Type => !_any ? ExtraColumnType.String
            : _bool ? ExtraColumnType.Bool : _int ? ExtraColumnType.Int64 : _double ? ExtraColumnType.Double : ExtraColumnType.String;

        private static bool LeadingZero(string v)
        {
            var digits = v.AsSpan().TrimStart("+-");
            return digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1]);
        }
    }

    public async Task WriteAsync(ParquetRowGroupWriter group, DataField field, IReadOnlyList<SampleMetadata> meta)
    {
        string? Value(SampleMetadata m) => m.Extra.TryGetValue(Key, out var v) ? v : null;
        switch (Type)
        {
            case ExtraColumnType.Int64:
                await group.WriteAsync<long>(field, meta.Select(m => Parse(m, Value(m), s => long.Parse(s, Integer, CultureInfo.InvariantCulture))).ToArray().AsMemory()).ConfigureAwait(false);
                break;
            case ExtraColumnType.Double:
                await group.WriteAsync<double>(field, meta.Select(m => Parse(m, Value(m), s => double.Parse(s, Float, CultureInfo.InvariantCulture))).ToArray().AsMemory()).ConfigureAwait(false);
                break;
            case ExtraColumnType.Bool:
                await group.WriteAsync<bool>(field, meta.Select(m => Parse(m, Value(m), bool.Parse)).ToArray().AsMemory()).ConfigureAwait(false);
                break;
            default:
                await group.WriteAsync(field, meta.Select(Value).ToArray()).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Reads a column back as the invariant text the metadata had (numbers in their shortest round-trip form).</summary>
    public static async Task<string?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int n)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(long)) return Texts(await Values<long>(group, field, n).ConfigureAwait(false), v => v.ToString(CultureInfo.InvariantCulture));
        if (type == typeof(double)) return Texts(await Values<double>(group, field, n).ConfigureAwait(false), v => v.ToString("R", CultureInfo.InvariantCulture));
        if (type == typeof(bool)) return Texts(await Values<bool>(group, field, n).ConfigureAwait(false), v => v ? "true" : "false");
        var strings = new string?[n];
        await group.ReadAsync(field, strings.AsMemory()!).ConfigureAwait(false);
        return strings;
    }

    private T? Parse<T>(SampleMetadata m, string? value, Func<string, T> parse) where T : struct
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            return parse(value);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            // The type was decided over the whole dataset before writing: a value that does not fit means the metadata changed.
            throw new InvalidDataException($"Sample {m.Id}: '{Key}' is '{value}', but the column {Column} was typed {Type} from the dataset's metadata.");
        }
    }

    private static async Task<T?[]> Values<T>(ParquetRowGroupReader group, DataField field, int n) where T : struct
    {
        var values = new T?[n];
        await group.ReadAsync<T>(field, values.AsMemory()).ConfigureAwait(false);
        return values;
    }

    private static string?[] Texts<T>(T?[] values, Func<T, string> text) where T : struct => values.Select(v => v is { } x ? text(x) : null).ToArray();
}
