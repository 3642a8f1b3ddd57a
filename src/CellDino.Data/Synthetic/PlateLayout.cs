namespace CellDino.Data.Synthetic;

/// <summary>Maps a field index to plate, well and site: sites fastest, then wells (row-major), then plates.</summary>
internal readonly record struct PlateLayout(int PlateIndex, int WellInPlate, int Site, int WellGlobal, string Plate, string Well)
{
    public static PlateLayout Of(SyntheticConfig config, int fieldIndex)
    {
        int wellGlobal = fieldIndex / config.SitesPerWell;
        int site = fieldIndex % config.SitesPerWell;
        int plate = wellGlobal / config.WellsPerPlate;
        int well = wellGlobal % config.WellsPerPlate;
        return new PlateLayout(plate, well, site, wellGlobal, PlateName(plate), WellName(config, well));
    }

    public static string PlateName(int plateIndex) => $"SYN{plateIndex + 1:D4}";

    public static string WellName(SyntheticConfig config, int wellInPlate) =>
        $"{(char)('A' + wellInPlate / config.WellColumns)}{wellInPlate % config.WellColumns + 1:D2}";

    /// <summary>True for wells on the plate's outer ring, which get an edge effect.</summary>
    public bool IsEdge(SyntheticConfig config)
    {
        int r = WellInPlate / config.WellColumns, c = WellInPlate % config.WellColumns;
        return r == 0 || c == 0 || r == config.WellRows - 1 || c == config.WellColumns - 1;
    }
}
