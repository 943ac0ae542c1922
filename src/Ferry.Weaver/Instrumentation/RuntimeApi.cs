using Mono.Cecil;

namespace Ferry.Weaver.Instrumentation;

/// <summary>
/// The Ferry.Runtime members woven code calls, read with Cecil from the runtime assembly itself
/// (so imported signatures reference the same framework facade the app does) and imported into
/// one app module.
/// </summary>
public sealed class RuntimeApi
{
    public ModuleDefinition Module { get; }
    public FieldReference GateActive { get; }
    public MethodReference IsCapturing { get; }
    public MethodReference IsRestoring { get; }
    public MethodReference Push { get; }
    public MethodReference Pop { get; }
    public MethodReference HandOff { get; }
    public MethodReference Resume { get; }
    public MethodReference SafePoint { get; }
    public MethodReference Decline { get; }
    public MethodReference FrameCreate { get; }
    public MethodReference FrameSet { get; }
    public MethodReference FrameGet { get; }
    public FieldReference FrameResume { get; }
    public TypeReference Frame { get; }
    public MethodReference CapturableCtor { get; }
    public MethodReference TypeInitShouldSkip { get; }
    public MethodReference TypeHandleToType { get; }
    public FieldReference TrackingActive { get; }
    public MethodReference Mark { get; }
    public MethodReference MarkPinned { get; }
    public MethodReference MarkUnknown { get; }
    public MethodReference MarkInvoked { get; }

    private readonly RuntimeModule _runtime;

    public RuntimeApi(ModuleDefinition module, RuntimeModule runtime)
    {
        Module = module;
        _runtime = runtime;
        GateActive = module.ImportReference(runtime.Field("Ferry.Runtime.Capture.CaptureGate", "Active"));
        IsCapturing = Import("Ferry.Runtime.Capture.FrameStack", "IsCapturing", 0);
        IsRestoring = Import("Ferry.Runtime.Capture.FrameStack", "IsRestoring", 0);
        Push = Import("Ferry.Runtime.Capture.FrameStack", "Push", 1);
        Pop = Import("Ferry.Runtime.Capture.FrameStack", "Pop", 1);
        HandOff = Import("Ferry.Runtime.Capture.FrameStack", "HandOff", 1);
        Resume = Import("Ferry.Runtime.Capture.FrameStack", "Resume", 1);
        SafePoint = Import("Ferry.Runtime.Capture.FrameStack", "SafePoint", 0);
        Decline = Import("Ferry.Runtime.Capture.FrameStack", "Decline", 1);
        FrameCreate = Import("Ferry.Runtime.Capture.Frame", "Create", 3);
        FrameSet = Import("Ferry.Runtime.Capture.Frame", "Set", 2);
        FrameGet = Import("Ferry.Runtime.Capture.Frame", "Get", 1);
        FrameResume = module.ImportReference(runtime.Field("Ferry.Runtime.Capture.Frame", "Resume"));
        Frame = module.ImportReference(runtime.Type("Ferry.Runtime.Capture.Frame"));
        CapturableCtor = Import("Ferry.Runtime.Capture.CapturableAttribute", ".ctor", 1);
        TypeInitShouldSkip = Import("Ferry.Runtime.Capture.TypeInitGate", "ShouldSkip", 1);
        TrackingActive = module.ImportReference(runtime.Field("Ferry.Runtime.Tracking.DirtyTracker", "Active"));
        Mark = Import("Ferry.Runtime.Tracking.DirtyTracker", "Mark", 1);
        MarkPinned = Import("Ferry.Runtime.Tracking.DirtyTracker", "MarkPinned", 1);
        MarkUnknown = Import("Ferry.Runtime.Tracking.DirtyTracker", "MarkUnknown", 0);
        MarkInvoked = Import("Ferry.Runtime.Tracking.DirtyTracker", "MarkInvoked", 1);
        TypeHandleToType = module.ImportReference(
            new MethodReference("GetTypeFromHandle", module.ImportReference(WellKnown("System", "Type", false)), WellKnown("System", "Type", false))
            {
                HasThis = false,
                Parameters = { new ParameterDefinition(WellKnown("System", "RuntimeTypeHandle", true)) },
            });
    }

    private TypeReference WellKnown(string ns, string name, bool valueType) =>
        new(ns, name, Module, Module.TypeSystem.CoreLibrary, valueType);

    private MethodReference Import(string type, string name, int parameters) =>
        Module.ImportReference(_runtime.Method(type, name, parameters));

    /// <summary>Import a shim method (see the interception table).</summary>
    public MethodReference ImportShim(string type, string name, IReadOnlyList<string> parameterTypes) =>
        Module.ImportReference(_runtime.Method(type, name, parameterTypes));
}
