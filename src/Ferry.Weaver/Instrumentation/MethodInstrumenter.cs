using Ferry.Weaver.Analysis;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Ferry.Weaver.Instrumentation;

/// <summary>
/// Rewrites one method so it can save its frame at its capture sites and rebuild it on re-entry
/// (docs/capture-protocol.md, "A woven method"). Works on a body whose macros were simplified by
/// <see cref="MethodPlan"/>, with the sites already classified. Each capturable method is woven
/// twice: the method itself as the fast copy (checks and save blocks, no restore path: on re-entry
/// while rebuilding it forwards to its resumable copy) and <see cref="ResumableCopy"/> with the
/// restore dispatch. Both see the same sites in the same order, so their frames are interchangeable.
/// </summary>
public sealed class MethodInstrumenter
{
    private readonly MethodPlan _plan;
    private readonly MethodDefinition _method;
    private readonly MethodBody _body;
    private readonly RuntimeApi _api;
    private readonly Liveness _liveness;
    private readonly string _methodId;
    /// <summary>Set for the fast copy: where a frame being rebuilt goes.</summary>
    private readonly MethodReference? _forwardTo;
    private readonly Dictionary<string, Stack<VariableDefinition>> _freeTemps = new();
    private readonly List<SiteState> _sites = new();
    private VariableDefinition? _resume;
    private VariableDefinition? _restoring;
    private readonly Dictionary<TryRegion, Instruction> _dispatch = new();

    private sealed class SiteState
    {
        public required CandidateSite Site;
        public required SiteKind Kind;
        public int Id;
        public Instruction Reload = null!;
        public Instruction Save = null!;
        /// <summary>End of the site's [Capturable] range when it is not the call (or poll) itself.</summary>
        public Instruction? RangeEnd;
        /// <summary>
        /// Fast copy, poll at a stack-empty point outside every try: with the gate up it hands the
        /// frame to the resumable copy (HANDOFF block, out of the loop) instead of calling in place.
        /// </summary>
        public bool HandsOff;
        /// <summary>Temporary per stack entry (null for re-created byrefs).</summary>
        public VariableDefinition?[] Temps = [];
        /// <summary>What goes into the frame: method variables (arguments first, then locals) and temps.</summary>
        public List<int> SavedVariables = new();
        public List<VariableDefinition> SavedTemps = new();
        public List<TryRegion> TryChain = new();
    }

    private MethodInstrumenter(MethodPlan plan, RuntimeApi api, string methodId, MethodReference? forwardTo)
    {
        _plan = plan;
        _method = plan.Method;
        _body = _method.Body;
        _api = api;
        _liveness = plan.Liveness!;
        _methodId = methodId;
        _forwardTo = forwardTo;
    }

    /// <summary>The identity a frame carries; compared on rebuild.</summary>
    public static string MethodId(MethodDefinition method) => method.FullName;

    /// <summary>
    /// Instrument the sites <paramref name="decide"/> selects. With <paramref name="forwardTo"/> this is
    /// the fast copy: no restore path, a rebuild is forwarded there; without it the resumable copy.
    /// Frames carry <paramref name="methodId"/> (the original method's, for both copies). Returns the
    /// number of capture sites.
    /// </summary>
    public static int Instrument(MethodPlan plan, RuntimeApi api, Func<CandidateSite, SiteKind?> decide, string methodId, MethodReference? forwardTo)
    {
        var instrumenter = new MethodInstrumenter(plan, api, methodId, forwardTo);
        return instrumenter.Run(decide);
    }

    private int Run(Func<CandidateSite, SiteKind?> decide)
    {
        foreach (var site in _plan.Sites)
        {
            var kind = decide(site);
            if (kind is null) continue;
            _sites.Add(new SiteState { Site = site, Kind = kind.Value });
        }
        var resumable = _sites.Where(s => s.Kind != SiteKind.Decline).ToList();
        if (resumable.Count == 0) return 0;

        for (var i = 0; i < resumable.Count; i++) resumable[i].Id = i;
        foreach (var s in resumable)
            s.TryChain = _plan.Trys.Where(t => t.Contains(s.Site.Index)).OrderByDescending(t => t.End - t.Start).ToList();
        // A poll's slow path (a call and the boxing save) inside the loop costs the loop its registers;
        // a hand-off leaves the loop instead. Not from inside a try: leaving it would run its finally.
        foreach (var s in resumable)
            s.HandsOff = _forwardTo is not null && s.Kind == SiteKind.Poll && s.Site.Stack.Length == 0 && s.TryChain.Count == 0;

        _body.InitLocals = true;
        if (_forwardTo is null)
        {
            _resume = AddLocal(_method.Module.TypeSystem.Int32);
            _restoring = AddLocal(_method.Module.TypeSystem.Boolean);
        }
        RemoveTailPrefixes();
        ComputeSavedSets(resumable);

        foreach (var s in _sites)
        {
            switch (s.Kind)
            {
                case SiteKind.Capture: EmitCallSite(s, capture: true); break;
                case SiteKind.Decline: EmitCallSite(s, capture: false); break;
                case SiteKind.Poll when s.HandsOff: EmitHandOffPoll(s); break;
                case SiteKind.Poll: EmitPoll(s); break;
            }
        }

        EmitFinallySkips(resumable);
        if (_forwardTo is null) EmitTryDispatches(resumable);
        var firstBodyInstruction = _body.Instructions[0];
        var restore = Instruction.Create(OpCodes.Nop);
        if (_forwardTo is null) EmitResumableEntry(firstBodyInstruction, restore);
        else EmitEntryCheck(firstBodyInstruction, restore);
        AppendSaves(resumable);
        (Instruction, Instruction)? forward = _forwardTo is null ? null : AppendForward(restore);
        if (_forwardTo is null) AppendRestore(resumable, restore);

        _body.OptimizeMacros();
        MarkCapturable(resumable, forward);
        return resumable.Count;
    }

    /// <summary>
    /// [Capturable(sites)]: the IL ranges (reload .. call) where a frame of this method may be saved;
    /// for the fast copy also the forwarding call, where it sits while its resumable copy runs a
    /// rebuilt frame (it saves nothing there: it returns whatever the copy returns).
    /// </summary>
    private void MarkCapturable(List<SiteState> resumable, (Instruction First, Instruction Call)? forward)
    {
        var offset = 0;
        foreach (var ins in _body.Instructions)
        {
            ins.Offset = offset;
            offset += ins.GetSize();
        }
        var int32 = _method.Module.TypeSystem.Int32;
        var ranges = new List<CustomAttributeArgument>();
        foreach (var s in resumable)
        {
            var call = s.RangeEnd ?? (s.Kind == SiteKind.Poll ? s.Reload : s.Site.Instruction);
            ranges.Add(new CustomAttributeArgument(int32, s.Reload.Offset));
            ranges.Add(new CustomAttributeArgument(int32, call.Offset));
        }
        if (forward is { } f)
        {
            ranges.Add(new CustomAttributeArgument(int32, f.First.Offset));
            ranges.Add(new CustomAttributeArgument(int32, f.Call.Offset));
        }
        var attribute = new CustomAttribute(_api.CapturableCtor);
        attribute.ConstructorArguments.Add(new CustomAttributeArgument(new ArrayType(int32), ranges.ToArray()));
        _method.CustomAttributes.Add(attribute);
    }

    private void RemoveTailPrefixes()
    {
        foreach (var ins in _body.Instructions)
            if (ins.OpCode.Code == Code.Tail)
            {
                ins.OpCode = OpCodes.Nop;
                ins.Operand = null;
            }
    }

    /// <summary>Decide, per site, which variables and stack temps its frame holds (live ones only).</summary>
    private void ComputeSavedSets(List<SiteState> resumable)
    {
        var argCount = _liveness.ArgumentCount;
        foreach (var s in resumable)
        {
            foreach (var v in _liveness.LiveBefore(s.Site.Instruction))
            {
                if (v < argCount)
                {
                    if (_method.HasThis && v == 0) continue; // the receiver re-selects the same object
                    var p = _method.Parameters[v - (_method.HasThis ? 1 : 0)];
                    if (p.ParameterType.IsByReference) continue; // the caller re-creates it
                }
                s.SavedVariables.Add(v);
            }
        }
    }

    private VariableDefinition AddLocal(TypeReference type)
    {
        var v = new VariableDefinition(_method.Module.ImportReference(type));
        _body.Variables.Add(v);
        return v;
    }

    private VariableDefinition RentTemp(TypeReference type)
    {
        var key = type.FullName;
        if (_freeTemps.TryGetValue(key, out var free) && free.Count > 0) return free.Pop();
        return AddLocal(type);
    }

    private void ReturnTemps(IEnumerable<VariableDefinition?> temps)
    {
        foreach (var t in temps)
        {
            if (t is null) continue;
            var key = t.VariableType.FullName;
            if (!_freeTemps.TryGetValue(key, out var free)) _freeTemps[key] = free = new Stack<VariableDefinition>();
            free.Push(t);
        }
    }

    /// <summary>
    /// spill; RELOAD: reload; [prefix] call; if (gate &amp;&amp; capturing) leave SAVE (or decline and call again).
    /// </summary>
    private void EmitCallSite(SiteState s, bool capture)
    {
        var call = s.Site.Instruction;
        var head = call;
        while (head.Previous is { } prev && prev.OpCode.OpCodeType == OpCodeType.Prefix) head = prev;

        var stack = s.Site.Stack;
        var firstArg = stack.Length - s.Site.ArgumentCount;
        var temps = Spill(stack, rematerialize: capture, out var spill, out var reload);
        s.Temps = temps;
        if (capture)
        {
            for (var i = 0; i < stack.Length; i++)
            {
                var isPlainArg = i >= firstArg && !(s.Site.HasReceiver && i == firstArg);
                if (!isPlainArg && temps[i] is { } t) s.SavedTemps.Add(t);
            }
        }

        var cont = call.Next;
        var check = new List<Instruction>();
        if (capture)
        {
            s.Save = Instruction.Create(OpCodes.Nop);
            check.Add(Instruction.Create(OpCodes.Volatile));
            check.Add(Instruction.Create(OpCodes.Ldsfld, _api.GateActive));
            check.Add(Instruction.Create(OpCodes.Brfalse, cont));
            check.Add(Instruction.Create(OpCodes.Call, _api.IsCapturing));
            check.Add(Instruction.Create(OpCodes.Brfalse, cont));
            check.Add(Instruction.Create(OpCodes.Leave, s.Save));
        }
        else
        {
            check.Add(Instruction.Create(OpCodes.Volatile));
            check.Add(Instruction.Create(OpCodes.Ldsfld, _api.GateActive));
            check.Add(Instruction.Create(OpCodes.Brfalse, cont));
            check.Add(Instruction.Create(OpCodes.Call, _api.IsCapturing));
            check.Add(Instruction.Create(OpCodes.Brfalse, cont));
            var callee = (MethodReference)call.Operand;
            var leftOnStack = firstArg + (TypeShapes.IsVoid(callee.ReturnType) ? 0 : 1);
            for (var i = 0; i < leftOnStack; i++) check.Add(Instruction.Create(OpCodes.Pop));
            check.Add(Instruction.Create(OpCodes.Ldstr, _methodId));
            check.Add(Instruction.Create(OpCodes.Call, _api.Decline));
        }

        // Reload targets: for an empty stack the call (or its prefix) itself is the resume point.
        s.Reload = reload.Count > 0 ? reload[0] : head;
        if (!capture) check.Add(Instruction.Create(OpCodes.Br, s.Reload));

        InsertBefore(head, spill.Concat(reload).ToList(), redirect: true);
        InsertAfter(call, check);
        // Temps are dead outside their site (spill → reload, or spill → save), so sites share them.
        ReturnTemps(temps);
    }

    /// <summary>
    /// Pop the evaluation stack into temps (last entry first) and push it back. A byref to a local,
    /// argument or static is dropped and re-created instead when <paramref name="rematerialize"/> is set.
    /// Returns the temp per entry (null for re-created ones).
    /// </summary>
    private VariableDefinition?[] Spill(StackEntry[] stack, bool rematerialize, out List<Instruction> spill, out List<Instruction> reload)
    {
        var temps = new VariableDefinition?[stack.Length];
        spill = new List<Instruction>();
        reload = new List<Instruction>();
        for (var i = stack.Length - 1; i >= 0; i--)
        {
            if (rematerialize && stack[i].IsRematerializable)
            {
                spill.Add(Instruction.Create(OpCodes.Pop));
                continue;
            }
            temps[i] = RentTemp(stack[i].Type);
            spill.Add(Instruction.Create(OpCodes.Stloc, temps[i]));
        }
        for (var i = 0; i < stack.Length; i++)
            reload.Add(temps[i] is { } t ? Instruction.Create(OpCodes.Ldloc, t) : Clone(stack[i].Producer!));
        return temps;
    }

    /// <summary>
    /// if (gate) { spill; RESUME: SafePoint(); if (capturing) leave SAVE; reload; } next —
    /// placed before a loop header (stack empty) or before a back-edge branch; the fast path is one
    /// volatile load and a taken branch.
    /// </summary>
    private void EmitPoll(SiteState s)
    {
        var branch = s.Site.Instruction;
        var stack = s.Site.Stack;
        var seq = new List<Instruction>
        {
            Instruction.Create(OpCodes.Volatile),
            Instruction.Create(OpCodes.Ldsfld, _api.GateActive),
            Instruction.Create(OpCodes.Brfalse, branch),
        };
        var temps = Spill(stack, rematerialize: true, out var spill, out var reload);
        seq.AddRange(spill);

        s.Reload = Instruction.Create(OpCodes.Call, _api.SafePoint);
        s.Save = Instruction.Create(OpCodes.Nop);
        seq.Add(s.Reload);
        seq.Add(Instruction.Create(OpCodes.Call, _api.IsCapturing));
        seq.Add(Instruction.Create(OpCodes.Brfalse, reload.Count > 0 ? reload[0] : branch));
        seq.Add(Instruction.Create(OpCodes.Leave, s.Save));
        seq.AddRange(reload);

        s.Temps = temps;
        foreach (var t in temps)
            if (t is not null) s.SavedTemps.Add(t);
        InsertBefore(branch, seq, redirect: true);
        ReturnTemps(temps);
    }

    /// <summary>
    /// if (gate) goto HANDOFF_k — placed at a stack-empty loop header outside every try; the loop
    /// itself holds no call. HANDOFF_k (appended) saves the frame and continues in the resumable copy.
    /// </summary>
    private void EmitHandOffPoll(SiteState s)
    {
        s.Save = Instruction.Create(OpCodes.Nop);
        s.Reload = s.Save;
        var seq = new List<Instruction>
        {
            Instruction.Create(OpCodes.Volatile),
            Instruction.Create(OpCodes.Ldsfld, _api.GateActive),
            Instruction.Create(OpCodes.Brtrue, s.Save),
        };
        InsertBefore(s.Site.Instruction, seq, redirect: true);
    }

    /// <summary>
    /// finally and fault bodies do nothing while their frame is being saved (a lock stays held). Only
    /// handlers a save can pass through need it (their try holds a resumable site), and not those that
    /// only dispose a framework struct enumerator whose Dispose does nothing — so the JIT can still
    /// remove such a try/finally around a foreach.
    /// </summary>
    private void EmitFinallySkips(List<SiteState> resumable)
    {
        foreach (var h in _body.ExceptionHandlers.ToList())
        {
            if (h.HandlerType is not (ExceptionHandlerType.Finally or ExceptionHandlerType.Fault)) continue;
            var region = _plan.Trys.FirstOrDefault(t => t.Handlers.Contains(h));
            if (region is not null && !resumable.Any(r => region.Contains(r.Site.Index))) continue;
            if (DisposesNoOpEnumerator(h)) continue;
            var start = h.HandlerStart;
            var seq = new List<Instruction>
            {
                Instruction.Create(OpCodes.Volatile),
                Instruction.Create(OpCodes.Ldsfld, _api.GateActive),
                Instruction.Create(OpCodes.Brfalse, start),
                Instruction.Create(OpCodes.Call, _api.IsCapturing),
                Instruction.Create(OpCodes.Brfalse, start),
                Instruction.Create(OpCodes.Endfinally),
            };
            // The skip belongs to this handler only: a try nested at the handler's first
            // instruction keeps its start (endfinally must not sit inside it).
            foreach (var other in _body.ExceptionHandlers)
            {
                if (other.HandlerStart == start) other.HandlerStart = seq[0];
                if (other.TryEnd == start) other.TryEnd = seq[0];
                if (other.HandlerEnd == start) other.HandlerEnd = seq[0];
                if (other.FilterStart == start) other.FilterStart = seq[0];
            }
            InsertRaw(start, seq);
        }
    }

    /// <summary>Framework struct enumerators whose Dispose is empty: skipping it or not changes nothing.</summary>
    private static readonly HashSet<string> s_noOpDisposeEnumerators =
    [
        "System.Collections.Generic.List`1/Enumerator",
        "System.Collections.Generic.Dictionary`2/Enumerator",
        "System.Collections.Generic.Dictionary`2/KeyCollection/Enumerator",
        "System.Collections.Generic.Dictionary`2/ValueCollection/Enumerator",
        "System.Collections.Generic.HashSet`1/Enumerator",
        "System.Collections.Generic.Queue`1/Enumerator",
        "System.Collections.Generic.Stack`1/Enumerator",
        "System.Collections.Generic.LinkedList`1/Enumerator",
    ];

    /// <summary>A finally that is exactly <c>ldloca e; constrained. T; callvirt IDisposable::Dispose; endfinally</c> for such a T.</summary>
    private static bool DisposesNoOpEnumerator(ExceptionHandler h)
    {
        var ins = h.HandlerStart;
        if (ins?.OpCode.Code is not (Code.Ldloca or Code.Ldloca_S)) return false;
        ins = ins.Next;
        if (ins?.OpCode.Code != Code.Constrained || ins.Operand is not TypeReference constrained) return false;
        var type = constrained is GenericInstanceType g ? g.ElementType : constrained;
        if (!s_noOpDisposeEnumerators.Contains(type.FullName)) return false;
        ins = ins.Next;
        if (ins?.OpCode.Code != Code.Callvirt || ins.Operand is not MethodReference { Name: "Dispose" }) return false;
        ins = ins.Next;
        return ins?.OpCode.Code == Code.Endfinally && ins.Next == h.HandlerEnd;
    }

    /// <summary>Each try that holds a resume point gets a dispatch at its first instruction, innermost first.</summary>
    private void EmitTryDispatches(List<SiteState> resumable)
    {
        var regions = resumable.SelectMany(s => s.TryChain).Distinct().OrderBy(t => t.End - t.Start).ToList();
        foreach (var region in regions)
        {
            var first = region.Handlers[0].TryStart;
            var toInner = new Instruction?[resumable.Count];
            var toSite = new Instruction?[resumable.Count];
            foreach (var s in resumable)
            {
                var at = s.TryChain.IndexOf(region);
                if (at < 0) continue;
                if (at + 1 < s.TryChain.Count) toInner[s.Id] = _dispatch[s.TryChain[at + 1]];
                else toSite[s.Id] = s.Reload;
            }
            var clear = Instruction.Create(OpCodes.Ldc_I4_0);
            var seq = new List<Instruction>
            {
                Instruction.Create(OpCodes.Ldloc, _restoring),
                Instruction.Create(OpCodes.Brfalse, first),
                Instruction.Create(OpCodes.Ldloc, _resume),
                Instruction.Create(OpCodes.Switch, toInner.Select(t => t ?? clear).ToArray()),
                clear,
                Instruction.Create(OpCodes.Stloc, _restoring),
                Instruction.Create(OpCodes.Ldloc, _resume),
            };
            var fallThrough = Instruction.Create(OpCodes.Br, first);
            seq.Add(Instruction.Create(OpCodes.Switch, toSite.Select(t => t ?? fallThrough).ToArray()));
            seq.Add(fallThrough);

            var dispatch = seq[0];
            // Redirect branches and region boundaries from `first` to the dispatch, except the
            // starts of trys nested inside this one (they keep their own first instruction).
            foreach (var ins in _body.Instructions) RedirectOperand(ins, first, dispatch);
            foreach (var h in _body.ExceptionHandlers)
            {
                var isInner = region.Handlers.Contains(h) is false && IsStrictlyInside(h, region);
                if (h.TryStart == first && !isInner) h.TryStart = dispatch;
                if (h.TryEnd == first) h.TryEnd = dispatch;
                if (h.HandlerEnd == first) h.HandlerEnd = dispatch;
                if (h.HandlerStart == first) h.HandlerStart = dispatch;
                if (h.FilterStart == first) h.FilterStart = dispatch;
            }
            InsertRaw(first, seq);
            _dispatch[region] = dispatch;
        }
    }

    private bool IsStrictlyInside(ExceptionHandler h, TryRegion region)
    {
        // A try starting at the same instruction but with a smaller range is nested inside.
        var other = _plan.Trys.FirstOrDefault(t => t.Handlers.Contains(h));
        return other is not null && region.Encloses(other);
    }

    /// <summary>
    /// The resumable copy is entered only by its fast copy, to rebuild a frame or to take one handed
    /// off: straight to RESTORE.
    /// </summary>
    private void EmitResumableEntry(Instruction first, Instruction restore) =>
        InsertRaw(first, [Instruction.Create(OpCodes.Br, restore)]);

    /// <summary>if (gate &amp;&amp; restoring) goto RESTORE — placed before everything, branches not redirected.</summary>
    private void EmitEntryCheck(Instruction first, Instruction restore)
    {
        var seq = new List<Instruction>
        {
            Instruction.Create(OpCodes.Volatile),
            Instruction.Create(OpCodes.Ldsfld, _api.GateActive),
            Instruction.Create(OpCodes.Brfalse, first),
            Instruction.Create(OpCodes.Call, _api.IsRestoring),
            Instruction.Create(OpCodes.Brtrue, restore),
        };
        InsertRaw(first, seq);
    }

    private void AppendSaves(List<SiteState> resumable)
    {
        var il = _body.Instructions;
        var firstAppended = Instruction.Create(OpCodes.Nop);
        // Regions that ran to the end of the method must stop before the appended blocks.
        foreach (var h in _body.ExceptionHandlers)
        {
            h.TryEnd ??= firstAppended;
            h.HandlerEnd ??= firstAppended;
        }
        il.Add(firstAppended);

        foreach (var s in resumable)
        {
            il.Add(s.Save);
            var slots = SlotLoads(s);
            il.Add(Instruction.Create(OpCodes.Ldstr, _methodId));
            il.Add(LoadInt(s.Id));
            il.Add(LoadInt(slots.Count));
            il.Add(Instruction.Create(OpCodes.Call, _api.FrameCreate));
            for (var j = 0; j < slots.Count; j++)
            {
                il.Add(LoadInt(j));
                var (load, type) = slots[j];
                il.Add(load);
                if (type.IsValueType || type.IsGenericParameter) il.Add(Instruction.Create(OpCodes.Box, _method.Module.ImportReference(type)));
                il.Add(Instruction.Create(OpCodes.Call, _api.FrameSet));
            }
            if (s.HandsOff)
            {
                il.Add(Instruction.Create(OpCodes.Call, _api.HandOff));
                s.RangeEnd = EmitForwardCall(il);
                continue;
            }
            il.Add(Instruction.Create(OpCodes.Call, _api.Push));
            EmitReturnDefault(il);
        }
    }

    /// <summary>return M$resume(this, args...); returns the call.</summary>
    private Instruction EmitForwardCall(Mono.Collections.Generic.Collection<Instruction> il)
    {
        if (_method.HasThis) il.Add(Instruction.Create(OpCodes.Ldarg, _body.ThisParameter));
        foreach (var p in _method.Parameters) il.Add(Instruction.Create(OpCodes.Ldarg, p));
        var call = Instruction.Create(OpCodes.Call, _forwardTo!);
        il.Add(call);
        il.Add(Instruction.Create(OpCodes.Ret));
        return call;
    }

    /// <summary>
    /// The fast copy's RESTORE: return M$resume(this, args...). The caller passed default arguments;
    /// the resumable copy pops the frame and takes the real ones from it.
    /// </summary>
    private (Instruction First, Instruction Call) AppendForward(Instruction restore)
    {
        var il = _body.Instructions;
        il.Add(restore);
        return (restore, EmitForwardCall(il));
    }

    /// <summary>RESTORE: pop the frame, switch on its resume point, reload and go to the site.</summary>
    private void AppendRestore(List<SiteState> resumable, Instruction restore)
    {
        var il = _body.Instructions;
        var frame = AddLocal(_api.Frame);
        il.Add(restore);
        il.Add(Instruction.Create(OpCodes.Ldstr, _methodId));
        il.Add(Instruction.Create(OpCodes.Call, _api.Resume));
        il.Add(Instruction.Create(OpCodes.Stloc, frame));
        il.Add(Instruction.Create(OpCodes.Ldloc, frame));
        il.Add(Instruction.Create(OpCodes.Ldfld, _api.FrameResume));
        var loads = resumable.Select(_ => Instruction.Create(OpCodes.Nop)).ToArray();
        il.Add(Instruction.Create(OpCodes.Switch, loads));
        il.Add(Instruction.Create(OpCodes.Ldnull));
        il.Add(Instruction.Create(OpCodes.Throw));
        foreach (var s in resumable)
        {
            il.Add(loads[s.Id]);
            var j = 0;
            foreach (var v in s.SavedVariables)
            {
                var type = VariableType(v);
                il.Add(Instruction.Create(OpCodes.Ldloc, frame));
                il.Add(LoadInt(j++));
                il.Add(Instruction.Create(OpCodes.Call, _api.FrameGet));
                il.Add(Instruction.Create(OpCodes.Unbox_Any, _method.Module.ImportReference(type)));
                il.Add(StoreVariable(v));
            }
            foreach (var t in s.SavedTemps)
            {
                il.Add(Instruction.Create(OpCodes.Ldloc, frame));
                il.Add(LoadInt(j++));
                il.Add(Instruction.Create(OpCodes.Call, _api.FrameGet));
                il.Add(Instruction.Create(OpCodes.Unbox_Any, t.VariableType));
                il.Add(Instruction.Create(OpCodes.Stloc, t));
            }
            if (s.TryChain.Count == 0)
            {
                il.Add(Instruction.Create(OpCodes.Br, s.Reload));
            }
            else
            {
                il.Add(LoadInt(s.Id));
                il.Add(Instruction.Create(OpCodes.Stloc, _resume));
                il.Add(Instruction.Create(OpCodes.Ldc_I4_1));
                il.Add(Instruction.Create(OpCodes.Stloc, _restoring));
                il.Add(Instruction.Create(OpCodes.Br, _dispatch[s.TryChain[0]]));
            }
        }
    }

    private List<(Instruction Load, TypeReference Type)> SlotLoads(SiteState s)
    {
        var result = new List<(Instruction, TypeReference)>();
        foreach (var v in s.SavedVariables) result.Add((LoadVariable(v), VariableType(v)));
        foreach (var t in s.SavedTemps) result.Add((Instruction.Create(OpCodes.Ldloc, t), t.VariableType));
        return result;
    }

    private TypeReference VariableType(int v)
    {
        var args = _liveness.ArgumentCount;
        if (v < args)
        {
            if (_method.HasThis && v == 0) return StackSimulator.ThisType(_method);
            return _method.Parameters[v - (_method.HasThis ? 1 : 0)].ParameterType;
        }
        return _body.Variables[v - args].VariableType;
    }

    private Instruction LoadVariable(int v)
    {
        var args = _liveness.ArgumentCount;
        if (v < args) return Instruction.Create(OpCodes.Ldarg, ArgParameter(v));
        return Instruction.Create(OpCodes.Ldloc, _body.Variables[v - args]);
    }

    private Instruction StoreVariable(int v)
    {
        var args = _liveness.ArgumentCount;
        if (v < args) return Instruction.Create(OpCodes.Starg, ArgParameter(v));
        return Instruction.Create(OpCodes.Stloc, _body.Variables[v - args]);
    }

    private ParameterDefinition ArgParameter(int v) =>
        _method.HasThis ? (v == 0 ? _body.ThisParameter : _method.Parameters[v - 1]) : _method.Parameters[v];

    private void EmitReturnDefault(Mono.Collections.Generic.Collection<Instruction> il)
    {
        var rt = TypeShapes.Unmodified(_method.ReturnType);
        if (TypeShapes.IsVoid(rt))
        {
            il.Add(Instruction.Create(OpCodes.Ret));
            return;
        }
        if (!rt.IsValueType && !rt.IsGenericParameter)
        {
            il.Add(Instruction.Create(OpCodes.Ldnull));
            il.Add(Instruction.Create(OpCodes.Ret));
            return;
        }
        var tmp = AddLocal(rt);
        il.Add(Instruction.Create(OpCodes.Ldloca, tmp));
        il.Add(Instruction.Create(OpCodes.Initobj, _method.Module.ImportReference(rt)));
        il.Add(Instruction.Create(OpCodes.Ldloc, tmp));
        il.Add(Instruction.Create(OpCodes.Ret));
    }

    private static Instruction LoadInt(int value) => Instruction.Create(OpCodes.Ldc_I4, value);

    private static Instruction Clone(Instruction producer) => producer.Operand switch
    {
        VariableDefinition v => Instruction.Create(producer.OpCode, v),
        ParameterDefinition p => Instruction.Create(producer.OpCode, p),
        FieldReference f => Instruction.Create(producer.OpCode, f),
        _ => throw new WeavingException($"cannot re-create {producer}"),
    };

    /// <summary>Insert before <paramref name="target"/>; with redirect, whatever referred to the target now refers to the new code.</summary>
    private void InsertBefore(Instruction target, IList<Instruction> seq, bool redirect)
    {
        if (seq.Count == 0) return;
        if (redirect)
        {
            foreach (var ins in _body.Instructions) RedirectOperand(ins, target, seq[0]);
            foreach (var h in _body.ExceptionHandlers)
            {
                if (h.TryStart == target) h.TryStart = seq[0];
                if (h.TryEnd == target) h.TryEnd = seq[0];
                if (h.HandlerStart == target) h.HandlerStart = seq[0];
                if (h.HandlerEnd == target) h.HandlerEnd = seq[0];
                if (h.FilterStart == target) h.FilterStart = seq[0];
            }
        }
        InsertRaw(target, seq);
    }

    private void InsertRaw(Instruction target, IList<Instruction> seq)
    {
        var il = _body.Instructions;
        var at = il.IndexOf(target);
        for (var i = 0; i < seq.Count; i++) il.Insert(at + i, seq[i]);
    }

    private void InsertAfter(Instruction anchor, IList<Instruction> seq)
    {
        var il = _body.Instructions;
        var at = il.IndexOf(anchor) + 1;
        for (var i = 0; i < seq.Count; i++) il.Insert(at + i, seq[i]);
    }

    private static void RedirectOperand(Instruction ins, Instruction from, Instruction to)
    {
        if (ins.Operand == from) ins.Operand = to;
        else if (ins.Operand is Instruction[] targets)
            for (var i = 0; i < targets.Length; i++)
                if (targets[i] == from) targets[i] = to;
    }
}
