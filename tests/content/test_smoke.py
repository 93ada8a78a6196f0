def test_demo_guide_fixture(demo_guide):
    assert demo_guide.live
