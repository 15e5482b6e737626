import { Image, Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Field } from '../../components/Field';
import { FILE_PURPOSES } from '../../domain/files';
import type { PhotoState } from './usePrescriptionPhoto';

const MAX_MB = Math.round(FILE_PURPOSES.prescription.maxBytes / 1024 / 1024);

/** The optional prescription photo of a medicine request: take one, or pick one from the album. */
export function PrescriptionPhoto(props: { photo: PhotoState; error?: string; onChoose: () => void; onRemove: () => void }) {
  const { photo } = props;
  const error = photo.kind === 'error' ? photo.message : props.error;
  return (
    <Field label="处方照片" error={error} hint={`可不传；拍照或从相册选择，JPG/PNG，不超过 ${MAX_MB} MB，仅本户和网格员可见`}>
      {(photo.kind === 'uploading' || photo.kind === 'ready') && (
        <View className="new__photo">
          <Image className="new__photo-image" src={photo.preview} mode="aspectFit" />
          <Text className="new__photo-state">{photo.kind === 'uploading' ? '正在上传…' : '已上传'}</Text>
        </View>
      )}
      <View className="new__photo-actions">
        <AppButton kind="plain" small disabled={photo.kind === 'uploading'} onClick={props.onChoose}>
          {photo.kind === 'ready' ? '换一张' : '拍照 / 选择照片'}
        </AppButton>
        {photo.kind === 'ready' && (
          <AppButton kind="plain" small onClick={props.onRemove}>
            不用照片
          </AppButton>
        )}
      </View>
    </Field>
  );
}
