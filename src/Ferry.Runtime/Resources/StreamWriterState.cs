using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Resources;

/// <summary>What a StreamWriter holds that the app wrote but that has not reached its stream yet.</summary>
internal static class StreamWriterState
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charPos")]
    private static extern ref int CharPos(StreamWriter writer);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_charBuffer")]
    private static extern ref char[] CharBuffer(StreamWriter writer);

    /// <summary>The text buffered in <paramref name="writer"/>, not yet encoded into its stream.</summary>
    public static string Pending(StreamWriter writer) => new(CharBuffer(writer), 0, CharPos(writer));
}
