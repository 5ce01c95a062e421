namespace Candor.Formats.Jpeg;

// JPEG, the boxes a C2PA box hash (c2pa.hash.boxes, C2PA 2.2 §9.2.3) names, one per marker segment:
//
//   SOI            FF D8                                2 bytes
//   APP0..APP15    FF En len …                          2 + len (a run of APP11 segments carrying
//                                                       JUMBF, "JP" after the length, is one box "C2PA")
//   DQT DHT SOFn DRI COM …                              2 + len
//   SOS            FF DA len … + the entropy-coded data up to the next marker that is not a
//                  stuffed FF 00 or a restart marker (RSTn included)
//   RSTn, TEM      2 bytes, standing alone
//   EOI            FF D9                                2 bytes; the walk stops there
//
// Fill bytes (FF FF …) before a marker belong to its box.

public sealed partial class JpegFormat
{
    /// <summary>The name of the box a run of APP11 JUMBF segments forms.</summary>
    public const string JumbfHashBox = "C2PA";

    /// <summary>
    /// The boxes of the JPEG in <paramref name="stream"/> (seekable, read from its start) as
    /// <c>c2pa.hash.boxes</c> names them, in file order.
    /// </summary>
    /// <exception cref="CandorFormatException">Something other than a marker stands where one should, or a segment runs past the end.</exception>
    public static IReadOnlyList<JpegHashBox> HashBoxes(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var jpeg = new ByteWindow(stream);
        var length = jpeg.Length;
        var boxes = new List<JpegHashBox> { new("SOI", 0, 2) };
        var pos = 2L;
        while (pos < length)
        {
            if (jpeg[pos] != 0xFF) throw new CandorFormatException($"JPEG: expected a marker, found 0x{jpeg[pos]:X2}", pos);
            var start = pos;
            while (pos < length && jpeg[pos] == 0xFF) pos++;
            if (pos >= length) throw new CandorFormatException("JPEG: the file ends inside a marker", start, kind: FormatErrorKind.Truncated);
            var marker = jpeg[pos++];
            if (marker == JpegMarkers.Eoi)
            {
                boxes.Add(new JpegHashBox("EOI", start, pos));
                break;
            }
            if (JpegMarkers.IsStandalone(marker))
            {
                boxes.Add(new JpegHashBox(JpegMarkers.Name(marker), start, pos));
                continue;
            }
            if (pos + 2 > length) throw new CandorFormatException("JPEG: the file ends inside a segment length", pos, kind: FormatErrorKind.Truncated);
            var segmentLength = (jpeg[pos] << 8) | jpeg[pos + 1];
            if (segmentLength < 2 || pos + segmentLength > length)
                throw new CandorFormatException($"JPEG: segment 0x{marker:X2} claims {segmentLength} bytes, past the end of the file", start,
                    kind: segmentLength < 2 ? FormatErrorKind.Malformed : FormatErrorKind.Truncated);
            var end = pos + segmentLength;
            var jumbf = marker == 0xEB && segmentLength >= 4 && jpeg[pos + 2] == (byte)'J' && jpeg[pos + 3] == (byte)'P';
            if (marker == JpegMarkers.Sos)
            {
                while (end + 1 < length && !(jpeg[end] == 0xFF && jpeg[end + 1] != 0x00 && !JpegMarkers.IsRestart(jpeg[end + 1]))) end++;
                if (end + 1 >= length) end = length;
            }
            var name = jumbf ? JumbfHashBox : JpegMarkers.Name(marker);
            if (name == JumbfHashBox && boxes[^1].Name == JumbfHashBox) boxes[^1] = boxes[^1] with { End = end };
            else boxes.Add(new JpegHashBox(name, start, end));
            pos = end;
        }
        return boxes;
    }

    /// <summary>Random access to a stream's bytes through one 64 KiB window, for walks that look a byte or two ahead.</summary>
    private sealed class ByteWindow(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private long _start = -1;
        private int _count;

        public long Length { get; } = stream.Length;

        public byte this[long pos]
        {
            get
            {
                if (_start < 0 || pos < _start || pos >= _start + _count)
                {
                    stream.Position = pos;
                    _count = StreamReading.ReadAtMost(stream, _buffer);
                    _start = pos;
                    if (_count == 0) throw new CandorFormatException("the file ends while it is read", pos, kind: FormatErrorKind.Truncated);
                }
                return _buffer[pos - _start];
            }
        }
    }
}
