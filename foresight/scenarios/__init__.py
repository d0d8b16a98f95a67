"""The scenario cross: crosses and their cards (`scenarios`), axis suggestions (`axes`) and the
validated drag moves (`moves`)."""
