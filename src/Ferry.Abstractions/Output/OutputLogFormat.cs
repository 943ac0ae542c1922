namespace Ferry.Abstractions.Output;

/// <summary>
/// The instance output log (<c>output.log</c>): keeps stdout and stderr in the order the app wrote them.
/// <code>
/// file   := magic record*
/// magic  := "FRYLOG1\n"                       (8 bytes)
/// record := stream:u8 (1 stdout, 2 stderr)
///           time:i64 LE (Unix milliseconds)
///           length:i32 LE
///           bytes[length] (UTF-8, exactly what the app wrote in one call)
/// </code>
/// Each record is appended with one write, so a killed writer leaves at most one incomplete record
/// at the end; readers stop before it.
/// </summary>
public static class OutputLogFormat
{
    public static ReadOnlySpan<byte> Magic => "FRYLOG1\n"u8;
    public const int RecordHeaderSize = 1 + 8 + 4;
}
