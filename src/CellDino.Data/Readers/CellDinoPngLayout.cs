namespace CellDino.Data.Readers;

/// <summary>How the official Cell-DINO PNG files store channels.</summary>
public enum CellDinoPngLayout
{
    /// <summary>One multi-channel PNG per image (RGBA for the 4 HPA channels; RGB or grayscale for 3 or 1).</summary>
    MultiChannel,

    /// <summary>
    /// One grayscale PNG per image with the channels tiled left to right, each H×H: the single-cell
    /// format (<c>[ch0 | ch1 | ch2 | ch3]</c>) and the 5-tile Cell Painting crops (DNA, RNA, ER, AGP, Mito).
    /// </summary>
    ChannelStrip,
}
