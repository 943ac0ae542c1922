using System.Runtime.CompilerServices;
using System.Text;

namespace Ferry.Runtime.Resources;

/// <summary>
/// What a StreamReader has read ahead of the app: characters decoded into its buffer but not returned
/// yet. An image records a reader by its logical position (the stream position minus those characters'
/// bytes) and a restored reader starts there, so nothing read ahead is lost or read twice.
/// </summary>
internal static class StreamReaderState
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charPos")]
    private static extern ref int CharPos(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charLen")]
    private static extern ref int CharLen(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charBuffer")]
    private static extern ref char[] CharBuffer(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_byteLen")]
    private static extern ref int ByteLen(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_checkPreamble")]
    private static extern ref bool CheckPreamble(StreamReader reader);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_decoder")]
    private static extern ref Decoder Decoder(StreamReader reader);

    public static bool HasBufferedChars(StreamReader reader) => CharPos(reader) < CharLen(reader);

    /// <summary>
    /// The byte position of the next character the app will get, or null when it cannot be known exactly
    /// (the decoder holds part of a multi-byte character, or the preamble check is half done).
    /// </summary>
    public static long? LogicalPosition(StreamReader reader, Stream stream)
    {
        if (CheckPreamble(reader) && ByteLen(reader) > 0) return null;
        if (DecoderHoldsBytes(Decoder(reader))) return null;
        var unread = CharLen(reader) - CharPos(reader);
        var bytes = unread <= 0 ? 0 : reader.CurrentEncoding.GetByteCount(CharBuffer(reader), CharPos(reader), unread);
        return stream.Position - bytes;
    }

    /// <summary>
    /// The bytes a reader over a non-seekable stream has read ahead (its unread characters, encoded again), or
    /// null when they cannot be known exactly (as for <see cref="LogicalPosition"/>).
    /// </summary>
    public static byte[]? ReadAhead(StreamReader reader)
    {
        if (CheckPreamble(reader) && ByteLen(reader) > 0) return null;
        if (DecoderHoldsBytes(Decoder(reader))) return null;
        var unread = CharLen(reader) - CharPos(reader);
        return unread <= 0 ? [] : reader.CurrentEncoding.GetBytes(CharBuffer(reader), CharPos(reader), unread);
    }

    private static bool DecoderHoldsBytes(Decoder? decoder)
    {
        if (decoder is null) return false;
        try
        {
            // Flushing an empty input yields characters only for bytes left over; the decoder's state is not changed.
            return decoder.GetCharCount([], 0, 0, flush: true) > 0;
        }
        catch (DecoderFallbackException)
        {
            return true;
        }
    }
}
