// Regenerates the bad-input corpus next to this script (run from anywhere after building the
// test project in Release):  dotnet fsi tests/CellDino.Data.Tests/TestData/bad/make-corpus.fsx
#r "../../bin/Release/net10.0/CellDino.Core.dll"
#r "../../bin/Release/net10.0/CellDino.Data.dll"
#r "../../bin/Release/net10.0/SixLabors.ImageSharp.dll"
#r "../../bin/Release/net10.0/BitMiracle.LibTiff.NET.dll"
#r "../../bin/Release/net10.0/System.Numerics.Tensors.dll"

open System.IO
open CellDino.Data.Imaging
open SixLabors.ImageSharp
open SixLabors.ImageSharp.PixelFormats
open SixLabors.ImageSharp.Formats.Png
open BitMiracle.LibTiff.Classic

let dir = __SOURCE_DIRECTORY__
let p (name: string) = Path.Combine(dir, name)
let plane (h: int) (w: int) (v: float32) = Array.create (h * w) v

// A valid 8x8 8-bit PNG, then a truncated copy and a copy with flipped bytes in the image data.
ImageIO.WritePng(p "valid.png", System.ReadOnlySpan(Array.init 64 (fun i -> float32 (i * 3))), 8, 8, 8)
let valid = File.ReadAllBytes(p "valid.png")
File.WriteAllBytes(p "truncated.png", valid.[0 .. valid.Length / 2])
let corrupt = Array.copy valid
let idat = (System.Text.Encoding.ASCII.GetString corrupt).IndexOf("IDAT")
for i in idat + 6 .. idat + 12 do corrupt.[i] <- corrupt.[i] ^^^ 0x5Auy
File.WriteAllBytes(p "corrupt.png", corrupt)
File.WriteAllText(p "not-an-image.png", "this is text, not a PNG\n")
File.WriteAllBytes(p "empty.png", [||])

// 1-bit grayscale PNG (unsupported bit depth).
let bw = new Image<L8>(8, 8)
bw.[3, 3] <- L8(255uy)
bw.SaveAsPng(p "onebit.png", PngEncoder(BitDepth = PngBitDepth.Bit1, ColorType = PngColorType.Grayscale))

// 32-bit float TIFF (unsupported sample type).
do
    use t = Tiff.Open(p "float32.tif", "w")
    t.SetField(TiffTag.IMAGEWIDTH, 4) |> ignore
    t.SetField(TiffTag.IMAGELENGTH, 4) |> ignore
    t.SetField(TiffTag.BITSPERSAMPLE, 32) |> ignore
    t.SetField(TiffTag.SAMPLESPERPIXEL, 1) |> ignore
    t.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.IEEEFP) |> ignore
    t.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK) |> ignore
    t.SetField(TiffTag.ROWSPERSTRIP, 4) |> ignore
    let row = Array.zeroCreate<byte> 16
    for y in 0 .. 3 do t.WriteScanline(row, y) |> ignore

// HPA Kaggle folder: good ids filled with 10/20/30, one id with a 6x6 blue channel, one without yellow.
let hpa = p "hpa"
Directory.CreateDirectory hpa |> ignore
let channel (id: string) (color: string) (size: int) (v: float32) =
    ImageIO.WritePng(Path.Combine(hpa, $"{id}_{color}.png"), System.ReadOnlySpan(plane size size v), size, size, 8)
for (id, v) in [ "good1", 10.0f; "good2", 20.0f; "good3", 30.0f; "label28", 40.0f; "malformed", 50.0f ] do
    for c in [ "red"; "green"; "blue"; "yellow" ] do channel id c 8 v
for c in [ "red"; "green"; "yellow" ] do channel "sizes" c 8 60.0f
channel "sizes" "blue" 6 60.0f
for c in [ "red"; "green"; "blue" ] do channel "missing" c 8 70.0f

File.WriteAllText(Path.Combine(hpa, "train.csv"),
    "Id,Target\ngood1,0 25\nsizes,1\nmissing,2\nlabel28,28\ngood2,\"5 7\"\nmalformed,1,extra\ngood3,3\n")
File.WriteAllText(Path.Combine(hpa, "label28.csv"), "Id,Target\ngood1,0\nlabel28,28\n")
File.WriteAllText(Path.Combine(hpa, "malformed.csv"), "Id,Target\ngood1,0\ngood2,1,2\n")
File.WriteAllText(Path.Combine(hpa, "unterminated.csv"), "Id,Target\ngood1,0\ngood2,\"1 2\ngood3,3\n")
File.WriteAllText(Path.Combine(hpa, "missing.csv"), "Id,Target\ngood1,0\nmissing,2\n")
File.WriteAllText(Path.Combine(hpa, "sizes.csv"), "Id,Target\nsizes,1\n")
printfn "corpus written to %s" dir
