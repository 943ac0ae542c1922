using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// The private fields of <see cref="Exception"/> an image reads or sets (by reflection: exceptions are few):
/// <c>_message</c>, <c>_innerException</c>, <c>_helpURL</c>, <c>_source</c>, <c>_HResult</c>, <c>_data</c> and
/// <c>_remoteStackTraceString</c>. Raw fields, not the virtual properties: <c>ArgumentException.Message</c>,
/// for one, appends the parameter name to <c>_message</c>, and setting that back would append it twice.
/// <para>
/// The stack trace goes back into <c>_remoteStackTraceString</c>, the text the runtime puts before a trace
/// (it holds the part of a trace from before an <c>ExceptionDispatchInfo</c> rethrow). At rest,
/// <c>StackTrace</c> and <c>ToString()</c> then read exactly as in the original process; if the restored
/// exception is thrown again, the new frames follow the old text instead of replacing it.
/// </para>
/// Every other field of <see cref="Exception"/> (the runtime's own stack data, Watson buckets, exception code)
/// starts as in a new, never-thrown exception.
/// </summary>
internal static class ExceptionFields
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static readonly FieldInfo MessageField = Field("_message");
    private static readonly FieldInfo InnerField = Field("_innerException");
    private static readonly FieldInfo HelpField = Field("_helpURL");
    private static readonly FieldInfo SourceField = Field("_source");
    private static readonly FieldInfo HResultField = Field("_HResult");
    private static readonly FieldInfo DataField = Field("_data");
    private static readonly FieldInfo RemoteTraceField = Field("_remoteStackTraceString");

    /// <summary>Fields of Exception not carried by images, with their values in a new Exception.</summary>
    private static readonly (FieldInfo Field, object? Value)[] Fresh = FreshState();

    private static readonly Type DataType = new Exception().Data.GetType();

    public static string? Message(Exception e) => (string?)MessageField.GetValue(e);

    public static string? HelpLink(Exception e) => (string?)HelpField.GetValue(e);

    public static int HResult(Exception e) => (int)HResultField.GetValue(e)!;

    public static IDictionary? Data(Exception e) => (IDictionary?)DataField.GetValue(e);

    /// <summary>What <c>StackTrace</c> shows (null if never thrown); an app's override that throws gives null.</summary>
    public static string? StackTrace(Exception e)
    {
        try
        {
            return e.StackTrace;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>What <c>Source</c> shows (computed from the stack trace if never asked for).</summary>
    public static string? Source(Exception e)
    {
        try
        {
            return e.Source;
        }
        catch (Exception)
        {
            return (string?)SourceField.GetValue(e);
        }
    }

    /// <summary>An instance of <paramref name="type"/> whose constructor has not run, with Exception's bookkeeping as in a new exception.</summary>
    public static Exception NewUninitialized(Type type)
    {
        var e = (Exception)RuntimeHelpers.GetUninitializedObject(type);
        foreach (var (field, value) in Fresh)
        {
            field.SetValue(e, value);
        }
        return e;
    }

    public static void Set(Exception e, string? message, Exception? inner, string? source, string? helpLink, string? stackTrace, int hresult)
    {
        MessageField.SetValue(e, message);
        InnerField.SetValue(e, inner);
        SourceField.SetValue(e, source);
        HelpField.SetValue(e, helpLink);
        RemoteTraceField.SetValue(e, stackTrace);
        HResultField.SetValue(e, hresult);
    }

    /// <summary>The exception's Data dictionary, created if it has none.</summary>
    public static IDictionary DataFor(Exception e)
    {
        if (DataField.GetValue(e) is not IDictionary data)
        {
            data = (IDictionary)Activator.CreateInstance(DataType)!;
            DataField.SetValue(e, data);
        }
        return data;
    }

    private static FieldInfo Field(string name) =>
        typeof(Exception).GetField(name, Instance)
        ?? throw new PlatformNotSupportedException($"System.Exception has no field '{name}' in this runtime; images cannot hold exceptions");

    private static (FieldInfo, object?)[] FreshState()
    {
        var carried = new[] { MessageField, InnerField, HelpField, SourceField, HResultField, DataField, RemoteTraceField };
        var template = new Exception();
        return typeof(Exception).GetFields(Instance)
            .Where(f => !carried.Contains(f))
            .Select(f => (f, f.GetValue(template)))
            .ToArray();
    }
}
