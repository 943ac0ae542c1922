using System.Buffers;
using System.Buffers.Binary;
using Ferry.Images.Binary;

namespace Ferry.Images.Container;

/// <summary>
/// Walks a whole image once, checking every record's structure, length and checksum, and builds the
/// section index. Nothing of an image is used before this walk has succeeded.
/// </summary>
internal sealed class ImageValidator
{
    private readonly ImageSource _source;
    private long _pos;

    private ImageValidator(ImageSource source) => _source = source;

    public static (ImageHeader Header, List<ImageSectionInfo> Sections) Validate(ImageSource source) =>
        new ImageValidator(source).Run();

    private (ImageHeader, List<ImageSectionInfo>) Run()
    {
        var header = ReadHeader();
        var sections = new List<ImageSectionInfo>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        byte[] scratch = ArrayPool<byte>.Shared.Rent(ImageLayout.MaxBlockSize + ImageLayout.BlockTrailer);
        try
        {
            while (true)
            {
                Need(1, "the end-of-image record");
                byte tag = ReadByteAt(_pos);
                if (tag == ImageLayout.TagSection)
                {
                    var section = ReadSection(scratch);
                    if (!names.Add(section.Name))
                    {
                        throw Corrupt($"section '{section.Name}' appears twice");
                    }
                    sections.Add(section);
                }
                else if (tag == ImageLayout.TagImageEnd)
                {
                    ReadImageEnd(sections.Count);
                    return (header, sections);
                }
                else
                {
                    throw Corrupt($"unknown record tag 0x{tag:X2} at byte {_pos}");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private ImageHeader ReadHeader()
    {
        long length = _source.Length;
        Span<byte> prefix = stackalloc byte[ImageLayout.HeaderPrefix];
        int have = (int)Math.Min(length, ImageLayout.HeaderPrefix);
        _source.Read(0, prefix[..have]);
        int magicHave = Math.Min(have, ImageLayout.Magic.Length);
        if (!prefix[..magicHave].SequenceEqual(ImageLayout.Magic[..magicHave]))
        {
            throw new ImageFormatException("not a Ferry image (no FERRYIMG signature at its start)");
        }
        if (have < ImageLayout.HeaderPrefix)
        {
            throw Truncated(length, "inside the image header");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(prefix[10..]);
        uint bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[12..]);
        bool bodyFits = bodyLength <= ImageLayout.MaxHeaderBody;
        long headerEnd = ImageLayout.HeaderPrefix + (long)bodyLength + 8;
        bool hashOk = false;
        byte[]? all = null;
        if (bodyFits && headerEnd <= length)
        {
            all = new byte[headerEnd];
            _source.Read(0, all);
            hashOk = XxHash64.Hash(all.AsSpan(0, (int)headerEnd - 8)) == BinaryPrimitives.ReadUInt64LittleEndian(all.AsSpan((int)headerEnd - 8));
        }
        // A version we don't read is reported as such only when its header is intact; otherwise it's damage.
        if (version != ImageLayout.FormatVersion && (hashOk || !bodyFits))
        {
            throw new ImageFormatException($"image format version {version} is not supported (this build reads version {ImageLayout.FormatVersion})");
        }
        if (!bodyFits)
        {
            throw Corrupt($"header length {bodyLength} is implausible");
        }
        if (all is null)
        {
            throw Truncated(length, "inside the image header");
        }
        if (!hashOk)
        {
            throw Corrupt("header checksum mismatch");
        }
        if (flags != 0)
        {
            throw Corrupt($"unknown header flags 0x{flags:X4}");
        }
        _pos = headerEnd;
        return ImageHeader.DecodeBody(all.AsSpan(ImageLayout.HeaderPrefix, (int)bodyLength), version);
    }

    private ImageSectionInfo ReadSection(byte[] scratch)
    {
        long start = _pos;
        Need(ImageLayout.SectionStartFixed, "inside a section header");
        Span<byte> fixedPart = stackalloc byte[ImageLayout.SectionStartFixed];
        _source.Read(_pos, fixedPart);
        int nameLength = fixedPart[2];
        if (nameLength is 0 or > ImageLayout.MaxSectionName || fixedPart[3] != 0)
        {
            throw Corrupt($"bad section header at byte {start}");
        }
        int recordLength = ImageLayout.SectionStartFixed + nameLength + 8;
        Need(recordLength, "inside a section header");
        byte[] record = new byte[recordLength];
        _source.Read(_pos, record);
        if (XxHash64.Hash(record.AsSpan(0, recordLength - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(recordLength - 8)))
        {
            throw Corrupt($"section header at byte {start} checksum mismatch");
        }
        string name = System.Text.Encoding.ASCII.GetString(record, ImageLayout.SectionStartFixed, nameLength);
        if (!ImageLayout.IsValidSectionName(name))
        {
            throw Corrupt($"bad section name at byte {start}");
        }
        var codec = (ImageCompression)record[1];
        if (codec > ImageCompression.Zstd)
        {
            throw Corrupt($"section '{name}' uses unknown compression {record[1]}");
        }
        _pos += recordLength;

        var blocks = new List<BlockLocation>();
        long raw = 0, stored = 0;
        ulong digest = 0;
        Span<byte> blockHeader = stackalloc byte[ImageLayout.BlockHeader];
        while (true)
        {
            Need(1, $"in section '{name}' (its end record is missing)");
            byte tag = ReadByteAt(_pos);
            if (tag == ImageLayout.TagBlock)
            {
                long blockStart = _pos;
                string where = $"section '{name}' block {blocks.Count} (at byte {blockStart})";
                Need(ImageLayout.BlockHeader, $"inside {where}");
                _source.Read(_pos, blockHeader);
                var blockCodec = (ImageCompression)blockHeader[1];
                uint rawLength = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader[4..]);
                uint storedLength = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader[8..]);
                if (blockCodec > ImageCompression.Zstd || blockHeader[2] != 0 || blockHeader[3] != 0
                    || rawLength is 0 or > ImageLayout.MaxBlockSize || storedLength == 0 || storedLength > rawLength
                    || (blockCodec == ImageCompression.None) != (storedLength == rawLength))
                {
                    throw Corrupt($"{where} has a bad header");
                }
                _pos += ImageLayout.BlockHeader;
                Need(storedLength + ImageLayout.BlockTrailer, $"inside {where}");
                Span<byte> data = scratch.AsSpan(0, (int)storedLength + ImageLayout.BlockTrailer);
                _source.Read(_pos, data);
                ulong hash = XxHash64.Hash(data[..(int)storedLength], XxHash64.Hash(blockHeader));
                if (hash != BinaryPrimitives.ReadUInt64LittleEndian(data[(int)storedLength..]))
                {
                    throw Corrupt($"{where} checksum mismatch");
                }
                blocks.Add(new BlockLocation(_pos, blockCodec, (int)rawLength, (int)storedLength));
                _pos += storedLength + ImageLayout.BlockTrailer;
                raw += rawLength;
                stored += storedLength;
                digest = ImageLayout.ChainDigest(digest, hash);
            }
            else if (tag == ImageLayout.TagSectionEnd)
            {
                long endStart = _pos;
                Need(ImageLayout.SectionEnd, $"inside the end record of section '{name}'");
                Span<byte> end = stackalloc byte[ImageLayout.SectionEnd];
                _source.Read(_pos, end);
                if (XxHash64.Hash(end[..24]) != BinaryPrimitives.ReadUInt64LittleEndian(end[24..]) || end[1] != 0 || end[2] != 0 || end[3] != 0)
                {
                    throw Corrupt($"end record of section '{name}' (at byte {endStart}) checksum mismatch");
                }
                if (BinaryPrimitives.ReadUInt32LittleEndian(end[4..]) != blocks.Count
                    || BinaryPrimitives.ReadUInt64LittleEndian(end[8..]) != (ulong)raw
                    || BinaryPrimitives.ReadUInt64LittleEndian(end[16..]) != digest)
                {
                    throw Corrupt($"section '{name}' has missing, extra or reordered blocks");
                }
                _pos += ImageLayout.SectionEnd;
                return new ImageSectionInfo(name, codec, start, raw, stored, blocks.Count) { Blocks = blocks };
            }
            else
            {
                throw Corrupt($"unknown record tag 0x{tag:X2} at byte {_pos} in section '{name}'");
            }
        }
    }

    private void ReadImageEnd(int sectionCount)
    {
        long start = _pos;
        Need(ImageLayout.ImageEnd, "inside the end-of-image record");
        Span<byte> end = stackalloc byte[ImageLayout.ImageEnd];
        _source.Read(_pos, end);
        if (!end[24..].SequenceEqual(ImageLayout.EndMagic) || XxHash64.Hash(end[..16]) != BinaryPrimitives.ReadUInt64LittleEndian(end[16..])
            || end[1] != 0 || end[2] != 0 || end[3] != 0)
        {
            throw Corrupt($"end-of-image record (at byte {start}) is damaged");
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(end[4..]) != sectionCount || BinaryPrimitives.ReadUInt64LittleEndian(end[8..]) != (ulong)start)
        {
            throw Corrupt("end-of-image record does not match the sections found");
        }
        _pos += ImageLayout.ImageEnd;
        if (_pos != _source.Length)
        {
            throw Corrupt($"{_source.Length - _pos} unexpected bytes after the end of the image (at byte {_pos})");
        }
    }

    private byte ReadByteAt(long offset)
    {
        Span<byte> one = stackalloc byte[1];
        _source.Read(offset, one);
        return one[0];
    }

    private void Need(long count, string where)
    {
        if (_pos + count > _source.Length)
        {
            throw Truncated(_source.Length, where);
        }
    }

    private static ImageFormatException Truncated(long length, string where) =>
        new($"image is truncated: it ends at byte {length}, {where}");

    private static ImageFormatException Corrupt(string detail) => new($"image is corrupted: {detail}");
}
