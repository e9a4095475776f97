//! Choosing where the network runs: a real GPU through wgpu, else burn's `flex` CPU backend.

use std::sync::OnceLock;

use burn::tensor::Device;
use burn::tensor::wgpu::{WgpuSetup, wgpu};

use super::ImagesError;

/// What the user asked for (`--device auto|gpu|cpu`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    /// A hardware GPU if there is one, else the CPU.
    #[default]
    Auto,
    /// wgpu, even on a software adapter; an error if there is none.
    Gpu,
    Cpu,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum DeviceKind {
    Gpu,
    Cpu,
}

/// A burn device and what to tell the user about it.
#[derive(Debug, Clone)]
pub struct ComputeDevice {
    pub device: Device,
    pub kind: DeviceKind,
    /// For the status bar: "NVIDIA H200 (Vulkan)", "CPU (burn flex)".
    pub name: String,
    /// Why we are not where the user might expect (no GPU, software adapter).
    pub notice: Option<String>,
}

impl ComputeDevice {
    pub fn cpu(notice: Option<String>) -> Self {
        Self {
            device: Device::flex(),
            kind: DeviceKind::Cpu,
            name: format!("CPU (burn flex, {} threads)", rayon::current_num_threads()),
            notice,
        }
    }
}

/// Runs the network on a wgpu device another component created (the GUI shares eframe's), unless
/// its adapter is a software rasteriser, where the CPU backend is much faster.
pub fn from_wgpu_setup(setup: WgpuSetup) -> Result<ComputeDevice, ImagesError> {
    let info = setup.adapter.get_info();
    if info.device_type == wgpu::DeviceType::Cpu {
        return Ok(ComputeDevice::cpu(Some(format!(
            "the window renders on a software adapter ({}); images run on the CPU, which is faster",
            info.name
        ))));
    }
    let device = Device::wgpu_options()
        .setup(setup)
        .init()
        .map_err(|e| ImagesError::NoGpu(e.to_string()))?;
    Ok(ComputeDevice {
        device,
        kind: DeviceKind::Gpu,
        name: format!("{} ({:?}, shared with the window)", info.name, info.backend),
        notice: None,
    })
}

/// The process's wgpu device: burn's runtime may be initialised only once.
fn wgpu_device() -> &'static Result<(Device, wgpu::AdapterInfo), String> {
    static WGPU: OnceLock<Result<(Device, wgpu::AdapterInfo), String>> = OnceLock::new();
    WGPU.get_or_init(|| {
        Device::wgpu_options()
            .init_with_setup()
            .map(|(device, setup)| (device, setup.adapter.get_info()))
            .map_err(|e| e.to_string())
    })
}

/// Resolves `--device`: see [`DeviceChoice`].
pub fn select(choice: DeviceChoice) -> Result<ComputeDevice, ImagesError> {
    if choice == DeviceChoice::Cpu {
        return Ok(ComputeDevice::cpu(None));
    }
    match wgpu_device() {
        Ok((device, info)) => {
            let software = info.device_type == wgpu::DeviceType::Cpu;
            if software && choice == DeviceChoice::Auto {
                return Ok(ComputeDevice::cpu(Some(format!(
                    "only a software GPU adapter ({}) was found; running on the CPU, which is faster",
                    info.name
                ))));
            }
            Ok(ComputeDevice {
                device: device.clone(),
                kind: DeviceKind::Gpu,
                name: format!("{} ({:?})", info.name, info.backend),
                notice: software.then(|| {
                    format!(
                        "{} is a software rasteriser: the CPU backend is much faster",
                        info.name
                    )
                }),
            })
        }
        Err(reason) if choice == DeviceChoice::Gpu => Err(ImagesError::NoGpu(reason.clone())),
        Err(reason) => Ok(ComputeDevice::cpu(Some(format!(
            "no GPU adapter ({reason}); running on the CPU"
        )))),
    }
}
