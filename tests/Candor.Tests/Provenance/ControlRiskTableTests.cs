using Candor.Provenance;

namespace Candor.Tests.Provenance;

public class ControlRiskTableTests
{
    [Theory]
    [InlineData("canny", "control_v11p_sd15_canny [d14c016b]", ControlKind.ControlNet, ControlRisk.High, false)]
    [InlineData("lineart_realistic", "control_v11p_sd15_lineart", ControlKind.ControlNet, ControlRisk.High, false)]
    [InlineData("softedge_hed", "control_v11p_sd15_softedge", ControlKind.ControlNet, ControlRisk.High, false)]
    [InlineData("scribble_pidinet", "control_v11p_sd15_scribble", ControlKind.ControlNet, ControlRisk.Medium, false)]
    [InlineData("depth_midas", "control_v11f1p_sd15_depth", ControlKind.ControlNet, ControlRisk.Medium, false)]
    [InlineData("normal_bae", "control_v11p_sd15_normalbae", ControlKind.ControlNet, ControlRisk.Medium, false)]
    [InlineData("mlsd", "control_v11p_sd15_mlsd", ControlKind.ControlNet, ControlRisk.Medium, false)]
    [InlineData("seg_ofade20k", "control_v11p_sd15_seg", ControlKind.ControlNet, ControlRisk.Medium, false)]
    [InlineData("openpose_full", "control_v11p_sd15_openpose", ControlKind.ControlNet, ControlRisk.Low, false)]
    [InlineData("shuffle", "control_v11e_sd15_shuffle", ControlKind.ControlNet, ControlRisk.Low, false)]
    [InlineData("tile_resample", "control_v11f1e_sd15_tile", ControlKind.ControlNet, ControlRisk.Low, false)]
    [InlineData("reference_only", null, ControlKind.Reference, ControlRisk.Low, false)]
    [InlineData("ip-adapter_clip_sd15", "ip-adapter_sd15", ControlKind.IpAdapter, ControlRisk.VeryLow, false)]
    [InlineData("ip-adapter_clip_sd15", "ip-adapter-plus-face_sd15", ControlKind.IpAdapter, ControlRisk.VeryLow, true)]
    [InlineData("instant_id_face_embedding", "ip-adapter_instant_id_sdxl", ControlKind.InstantId, ControlRisk.Low, true)]
    [InlineData(null, "photomaker-v2.bin", ControlKind.PhotoMaker, ControlRisk.Low, true)]
    [InlineData("none", "control_sd15_scribble(fef5e48e)", ControlKind.ControlNet, ControlRisk.Medium, false)]
    public void Classifies_inputs_by_what_survives_of_the_source(string? module, string? model, ControlKind kind, ControlRisk risk, bool identity)
    {
        var c = ControlRiskTable.Classify(module, model);
        Assert.Equal((kind, risk, identity), (c.Kind, c.Risk, c.Identity));
        Assert.False(string.IsNullOrWhiteSpace(c.Reason));
    }

    [Fact]
    public void T2I_adapters_keep_their_kind_and_unknown_names_say_so()
    {
        Assert.Equal(ControlKind.T2IAdapter, ControlRiskTable.Classify("canny", "t2iadapter_canny_sd15v2", ControlKind.T2IAdapter).Kind);
        Assert.Equal(ControlRisk.Unknown, ControlRiskTable.Classify("mystery", "mystery_model").Risk);
        Assert.Equal(ControlRisk.High, ControlRiskTable.Classify(null, null, ControlKind.Img2Img).Risk);
    }
}
