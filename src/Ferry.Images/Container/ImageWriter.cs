using System.Buffers;
using System.Buffers.Binary;
using Ferry.Images.Container;
using Ferry.Images.Binary;

namespace Ferry.Images;

/// <summary>
/// Writes an image: the header, then named sections one after another, then the end record.
/// Written to a path, the image goes to a temporary file first and appears at the path only on
/// <see cref="Commit"/>, so nothing half-written is ever found there.
/// </summary>
public sealed class ImageWriter : IDisposable
{
    private readonly Stream _out;
    private readonly bool _leaveOpen;
    private readonly string? _targetPath;
    private readonly string? _tempPath;
    private readonly ImageWriterOptions _options;
    private readonly BlockPipeline _pipeline;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private ImageSectionWriter? _open;
    private int _blockCount;
    private long _rawLength;
    private ulong _digest;
    private int _sectionCount;
    private bool _committed;
    private bool _disposed;

    private ImageWriter(Stream output, bool leaveOpen, string? targetPath, string? tempPath, ImageHeader header, ImageWriterOptions? options)
    {
        _options = options ?? ImageWriterOptions.Default;
        if (_options.BlockSize is < 64 << 10 or > ImageLayout.MaxBlockSize)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BlockSize must be between 64 KiB and 4 MiB");
        }
        _out = output;
        _leaveOpen = leaveOpen;
        _targetPath = targetPath;
        _tempPath = tempPath;
        _pipeline = new BlockPipeline(Math.Max(0, _options.CompressionThreads), Emit);
        try
        {
            WriteHeader(header);
        }
        catch
        {
            Failed = true;
            Dispose();
            throw;
        }
    }

    /// <summary>Bytes of image written to the output so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Set after an error: the image can only be abandoned.</summary>
    internal bool Failed { get; private set; }

    /// <summary>Starts an image at <paramref name="path"/> (appears there on <see cref="Commit"/>).</summary>
    public static ImageWriter Create(string path, ImageHeader header, ImageWriterOptions? options = null)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        return new ImageWriter(stream, false, full, temp, header, options);
    }

    /// <summary>Writes an image to a stream (which need not be seekable).</summary>
    public static ImageWriter Create(Stream destination, ImageHeader header, ImageWriterOptions? options = null, bool leaveOpen = false) =>
        new(destination, leaveOpen, null, null, header, options);

    /// <summary>Starts the next section; dispose (or <see cref="ImageSectionWriter.Complete"/>) it before the next.</summary>
    public ImageSectionWriter BeginSection(string name, ImageCompression? compression = null)
    {
        ThrowIfUnusable();
        if (_open is not null)
        {
            throw new InvalidOperationException($"section '{_open.Name}' is still open");
        }
        if (!ImageLayout.IsValidSectionName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid section name (1-64 printable ASCII characters, no spaces)", nameof(name));
        }
        if (!_names.Add(name))
        {
            throw new ArgumentException($"section '{name}' was already written", nameof(name));
        }
        var codec = compression ?? _options.Compression;
        Guarded(() =>
        {
            var record = new SpanWriter();
            record.U8(ImageLayout.TagSection);
            record.U8((byte)codec);
            record.U8((byte)name.Length);
            record.U8(0);
            record.Bytes(System.Text.Encoding.ASCII.GetBytes(name));
            ulong hash = XxHash64.Hash(record.Written);
            record.U64(hash);
            WriteRaw(record.Written);
        });
        _blockCount = 0;
        _rawLength = 0;
        _digest = 0;
        _open = new ImageSectionWriter(this, name, codec, _options.BlockSize);
        return _open;
    }

    /// <summary>Writes a whole section at once.</summary>
    public void AddSection(string name, ReadOnlySpan<byte> content, ImageCompression? compression = null)
    {
        using var section = BeginSection(name, compression);
        section.Write(content);
    }

    /// <summary>Writes the end record and makes the image durable and visible at its path.</summary>
    public void Commit()
    {
        ThrowIfUnusable();
        if (_open is not null)
        {
            throw new InvalidOperationException($"section '{_open.Name}' is still open");
        }
        Guarded(() =>
        {
            _pipeline.Close(); // every section has ended, so nothing is in flight
            Span<byte> end = stackalloc byte[ImageLayout.ImageEnd];
            end.Clear();
            end[0] = ImageLayout.TagImageEnd;
            BinaryPrimitives.WriteUInt32LittleEndian(end[4..], (uint)_sectionCount);
            BinaryPrimitives.WriteUInt64LittleEndian(end[8..], (ulong)BytesWritten);
            BinaryPrimitives.WriteUInt64LittleEndian(end[16..], XxHash64.Hash(end[..16]));
            ImageLayout.EndMagic.CopyTo(end[24..]);
            WriteRaw(end);
            try
            {
                if (_out is FileStream fs)
                {
                    fs.Flush(_options.Durable);
                }
                else
                {
                    _out.Flush();
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw FileTooLarge(e);
            }
            if (_tempPath is not null)
            {
                _out.Dispose();
                File.Move(_tempPath, _targetPath!, overwrite: true);
            }
        });
        _committed = true;
    }

    /// <summary>Closes the output; an image not committed is abandoned (its temporary file deleted).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_committed)
        {
            Failed = true;
            _pipeline.Abandon();
        }
        else
        {
            _pipeline.Close();
        }
        if (!_leaveOpen)
        {
            try
            {
                _out.Dispose();
            }
            catch (Exception e) when (!_committed && e is IOException or ArgumentOutOfRangeException)
            {
                // Flushing the rest of an abandoned image failed (as its writing did): nothing is lost.
            }
        }
        if (!_committed && _tempPath is not null)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Best effort: a stray temporary file is harmless, the target path was never touched.
            }
        }
    }

    internal void SubmitBlock(ImageCompression codec, byte[] raw, int length)
    {
        if (Failed)
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw new InvalidOperationException("the image writer failed earlier");
        }
        Guarded(() => _pipeline.Submit(codec, raw, length));
    }

    internal void EndSection(ImageSectionWriter section)
    {
        Guarded(() =>
        {
            _pipeline.Drain();
            Span<byte> end = stackalloc byte[ImageLayout.SectionEnd];
            end.Clear();
            end[0] = ImageLayout.TagSectionEnd;
            BinaryPrimitives.WriteUInt32LittleEndian(end[4..], (uint)_blockCount);
            BinaryPrimitives.WriteUInt64LittleEndian(end[8..], (ulong)_rawLength);
            BinaryPrimitives.WriteUInt64LittleEndian(end[16..], _digest);
            BinaryPrimitives.WriteUInt64LittleEndian(end[24..], XxHash64.Hash(end[..24]));
            WriteRaw(end);
        });
        _open = null;
        _sectionCount++;
    }

    private void Emit(EncodedBlock block)
    {
        try
        {
            WriteRaw(block.Header);
            WriteRaw(block.Stored.AsSpan(0, block.StoredLength));
            Span<byte> hash = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(hash, block.Hash);
            WriteRaw(hash);
            _blockCount++;
            _rawLength += block.RawLength;
            _digest = ImageLayout.ChainDigest(_digest, block.Hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block.Stored);
        }
    }

    private void WriteHeader(ImageHeader header)
    {
        byte[] body = header.EncodeBody();
        if (body.Length > ImageLayout.MaxHeaderBody)
        {
            throw new ArgumentException("image header is larger than 1 MiB", nameof(header));
        }
        var w = new SpanWriter();
        w.Bytes(ImageLayout.Magic);
        w.U16(ImageLayout.FormatVersion);
        w.U16(0);
        w.U32((uint)body.Length);
        w.Bytes(body);
        w.U64(XxHash64.Hash(w.Written));
        WriteRaw(w.Written);
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _out.Write(bytes);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw FileTooLarge(e);
        }
        BytesWritten += bytes.Length;
    }

    /// <summary>
    /// EFBIG (a file-size limit on the writing process) comes out of .NET's file writes as
    /// ArgumentOutOfRangeException; to the image's writer it is an I/O failure like a full disk.
    /// </summary>
    private static IOException FileTooLarge(ArgumentOutOfRangeException e) =>
        new("file too large: the image passes the file-size limit of the process writing it (EFBIG)", e);

    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch
        {
            Failed = true;
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("the image is already committed");
        }
        if (Failed)
        {
            throw new InvalidOperationException("the image writer failed earlier; dispose it");
        }
    }
}
