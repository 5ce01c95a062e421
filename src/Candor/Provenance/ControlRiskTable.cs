namespace Candor.Provenance;

/// <summary>
/// Classifies a control input by how much of its source image can survive into the output.
/// Knowledge lives in the table below (first matching token wins, most specific first), so a new
/// preprocessor or model family is a one-line change. Matching is on lower-cased module and model
/// names, tokens compared as substrings, because tools write the same thing many ways
/// ("control_v11p_sd15_canny", "canny", "diffusers_xl_canny_full", "t2iadapter_canny_sd15v2").
/// </summary>
public static class ControlRiskTable
{
    private sealed record Rule(string Token, ControlKind? Kind, ControlRisk Risk, bool Identity, string Reason);

    // Identity first: a face-identity adapter is flagged whatever else its name says.
    private static readonly Rule[] Rules =
    [
        new("instantid", ControlKind.InstantId, ControlRisk.Low, true, "InstantID copies a real person's face identity from the input."),
        new("instant_id", ControlKind.InstantId, ControlRisk.Low, true, "InstantID copies a real person's face identity from the input."),
        new("photomaker", ControlKind.PhotoMaker, ControlRisk.Low, true, "PhotoMaker copies a real person's face identity from the input."),
        new("faceid", ControlKind.FaceId, ControlRisk.VeryLow, true, "A face-ID adapter transfers a real person's face identity."),
        new("face_id", ControlKind.FaceId, ControlRisk.VeryLow, true, "A face-ID adapter transfers a real person's face identity."),
        new("ip-adapter-plus-face", ControlKind.IpAdapter, ControlRisk.VeryLow, true, "A face IP-Adapter transfers facial likeness; it cannot reproduce the input image."),
        new("ip-adapter_plus_face", ControlKind.IpAdapter, ControlRisk.VeryLow, true, "A face IP-Adapter transfers facial likeness; it cannot reproduce the input image."),
        new("ip-adapter-full-face", ControlKind.IpAdapter, ControlRisk.VeryLow, true, "A face IP-Adapter transfers facial likeness; it cannot reproduce the input image."),
        new("ip-adapter_face", ControlKind.IpAdapter, ControlRisk.VeryLow, true, "A face IP-Adapter transfers facial likeness; it cannot reproduce the input image."),
        new("ip-adapter", ControlKind.IpAdapter, ControlRisk.VeryLow, false, "IP-Adapter conditions on an image embedding; it cannot reproduce its input."),
        new("ip_adapter", ControlKind.IpAdapter, ControlRisk.VeryLow, false, "IP-Adapter conditions on an image embedding; it cannot reproduce its input."),
        new("ipadapter", ControlKind.IpAdapter, ControlRisk.VeryLow, false, "IP-Adapter conditions on an image embedding; it cannot reproduce its input."),
        new("vibe", ControlKind.VibeTransfer, ControlRisk.Low, false, "Vibe Transfer takes style and content cues from reference images, not their pixels."),
        new("revision", ControlKind.Revision, ControlRisk.Low, false, "Revision conditions on a CLIP image embedding: style and content, not pixels."),
        new("reference", ControlKind.Reference, ControlRisk.Low, false, "Reference-only attends to the input's style; it does not trace it."),
        new("openpose", null, ControlRisk.Low, false, "OpenPose keeps only a stick-figure pose."),
        new("dw_openpose", null, ControlRisk.Low, false, "OpenPose keeps only a stick-figure pose."),
        new("dwpose", null, ControlRisk.Low, false, "OpenPose keeps only a stick-figure pose."),
        new("pose", null, ControlRisk.Low, false, "A pose map keeps only body positions."),
        new("shuffle", null, ControlRisk.Low, false, "Shuffle scrambles the input; only colours and textures carry over."),
        new("blur", null, ControlRisk.Low, false, "A blurred input keeps only coarse colour layout."),
        new("tile", null, ControlRisk.Low, false, "Tile re-details an existing image of the same scene (usually the user's own upscale)."),
        new("color", null, ControlRisk.Low, false, "A colour map keeps only the palette layout."),
        new("scribble", null, ControlRisk.Medium, false, "Scribble follows rough strokes: composition, not detailed outlines."),
        new("depth", null, ControlRisk.Medium, false, "A depth map keeps the composition and shapes of the input."),
        new("normal", null, ControlRisk.Medium, false, "A normal map keeps the composition and surface shapes of the input."),
        new("mlsd", null, ControlRisk.Medium, false, "MLSD keeps the straight lines (architecture, composition) of the input."),
        new("seg", null, ControlRisk.Medium, false, "A segmentation map keeps the layout of regions of the input."),
        new("canny", null, ControlRisk.High, false, "Canny edges can trace the input's outlines closely."),
        new("lineart", null, ControlRisk.High, false, "Lineart can trace the input's drawing closely."),
        new("softedge", null, ControlRisk.High, false, "Soft edges (HED/PiDiNet) can trace the input's outlines closely."),
        new("hed", null, ControlRisk.High, false, "HED edges can trace the input's outlines closely."),
        new("pidi", null, ControlRisk.High, false, "PiDiNet edges can trace the input's outlines closely."),
        new("sketch", null, ControlRisk.High, false, "Sketch control can trace the input's drawing closely."),
        new("inpaint", ControlKind.Inpaint, ControlRisk.High, false, "Inpainting keeps the input's pixels outside the mask."),
    ];

    private static Rule? FirstRule(string text)
    {
        if (text.Length == 0) return null;
        foreach (var rule in Rules)
            if (text.Contains(rule.Token, StringComparison.Ordinal)) return rule;
        return null;
    }

    /// <summary>
    /// Classifies an input from its module (preprocessor) and model names. <paramref name="hint"/> is the kind
    /// the caller already knows (e.g. <see cref="ControlKind.T2IAdapter"/>); it wins over the kind a rule implies
    /// unless the rule is an identity rule.
    /// </summary>
    public static ControlClass Classify(string? module, string? model, ControlKind hint = ControlKind.ControlNet)
    {
        // The module is what was extracted from the image; when it is "none" the model decides.
        // An identity model wins over a generic module ("ip-adapter_clip_sd15" + "ip-adapter-plus-face").
        var moduleText = module is null || module.Equals("none", StringComparison.OrdinalIgnoreCase) ? "" : module.ToLowerInvariant();
        var modelText = (model ?? "").ToLowerInvariant();
        var byModule = FirstRule(moduleText);
        var byModel = FirstRule(modelText);
        var rule = byModel is { Identity: true } ? byModel : byModule ?? byModel;
        if (rule is not null)
        {
            var kind = rule.Identity ? rule.Kind!.Value : rule.Kind ?? hint;
            if (!rule.Identity && hint is ControlKind.T2IAdapter && rule.Kind is null) kind = ControlKind.T2IAdapter;
            return new ControlClass(kind, rule.Risk, rule.Identity, rule.Reason);
        }
        return hint switch
        {
            ControlKind.Img2Img => new(hint, ControlRisk.High, false, "img2img starts from the input's pixels; at low denoising strength the output stays close to it."),
            ControlKind.Inpaint => new(hint, ControlRisk.High, false, "Inpainting keeps the input's pixels outside the mask."),
            ControlKind.IpAdapter => new(hint, ControlRisk.VeryLow, false, "IP-Adapter conditions on an image embedding; it cannot reproduce its input."),
            ControlKind.VibeTransfer => new(hint, ControlRisk.Low, false, "Vibe Transfer takes style and content cues from reference images, not their pixels."),
            ControlKind.Reference or ControlKind.Revision => new(hint, ControlRisk.Low, false, "A reference input steers style, not pixels."),
            ControlKind.InstantId or ControlKind.PhotoMaker or ControlKind.FaceId => new(hint, ControlRisk.Low, true, "An identity adapter copies a real person's face identity."),
            _ => new(hint, ControlRisk.Unknown, false, "The preprocessor and model names do not say what was extracted from the input."),
        };
    }
}
