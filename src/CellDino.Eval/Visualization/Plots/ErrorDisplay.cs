namespace CellDino.Eval.Visualization;

/// <summary>How a <see cref="LinePlot"/> shows <see cref="LineSeries.Error"/>.</summary>
public enum ErrorDisplay
{
    /// <summary>Vertical bars with caps at each point.</summary>
    Bars,

    /// <summary>A translucent band between y - error and y + error.</summary>
    Band,
}
